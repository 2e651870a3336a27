package dev.modelrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection the way Apache and nginx do ("lingering close"): when the server closes while
 * the client may still be sending (an answer of 413 to a body over {@code MAX_BODY_BYTES}, a 408 to a
 * head that took too long), the answer is flushed and the sending side shut, then whatever the client
 * still sends is read and dropped until it stops, for at most {@link #TIME} and {@link #BYTES}. Closed
 * at once instead, the socket still held unread bytes, so the kernel answered with a reset, which
 * threw away the answer at the client: Node.js reported {@code ECONNRESET} instead of the 413.
 * First in the pipeline, so every close of the connection passes here and nothing read while
 * lingering reaches the HTTP decoder.
 */
final class LingeringClose extends ChannelDuplexHandler {

    /** The longest a closing connection keeps reading. */
    static final Duration TIME = Duration.ofSeconds(5);

    /** The most a closing connection reads. */
    static final long BYTES = 64L * 1024 * 1024;

    private @Nullable ChannelPromise closing;
    private @Nullable ScheduledFuture<?> deadline;
    private long drained;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closing != null) {
            finish(ctx);
            ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
            return;
        }
        if (!(ctx.channel() instanceof SocketChannel socket)
                || !socket.isActive()
                || socket.isInputShutdown()
                || socket.isOutputShutdown()) {
            ctx.close(promise);
            return;
        }
        closing = promise;
        ctx.flush();
        socket.shutdownOutput().addListener(done -> {
            if (!done.isSuccess()) {
                finish(ctx);
            }
        });
        deadline = ctx.executor().schedule(() -> finish(ctx), TIME.toMillis(), TimeUnit.MILLISECONDS);
        socket.config().setAutoRead(true);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (closing == null) {
            super.channelRead(ctx, msg);
            return;
        }
        if (msg instanceof ByteBuf bytes) {
            drained += bytes.readableBytes();
        }
        ReferenceCountUtil.release(msg);
        if (drained > BYTES) {
            finish(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (closing != null
                && (event instanceof ChannelInputShutdownEvent || event instanceof ChannelInputShutdownReadComplete)) {
            finish(ctx);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (closing != null) {
            finish(ctx);
        }
        super.channelInactive(ctx);
    }

    private void finish(ChannelHandlerContext ctx) {
        ChannelPromise promise = closing;
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (promise != null && !promise.isDone()) {
            ctx.close(promise);
        }
    }
}
