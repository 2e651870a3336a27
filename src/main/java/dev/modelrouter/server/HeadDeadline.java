package dev.modelrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

/**
 * Closes a connection whose request headers take longer than the header timeout from their first
 * byte (a slow-loris client), with a 408. Reactor Netty's idle timeout does not catch it: every byte
 * restarts that one. Two handlers share one deadline per connection: one ahead of the HTTP decoder
 * sees the first byte of a head, one behind it sees the head complete and the answer end.
 */
final class HeadDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(HeadDeadline.class);

    private static final byte[] TIMED_OUT = ("HTTP/1.1 408 Request Timeout\r\nconnection: close\r\n"
                    + "content-length: 0\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final long millis;
    /** Between requests: the next byte starts a head. */
    private boolean awaitingHead = true;

    private @Nullable ScheduledFuture<?> deadline;

    private HeadDeadline(Duration timeout) {
        this.millis = timeout.toMillis();
    }

    /** Adds the deadline to a new HTTP/1.1 connection's pipeline; a pipeline without the codec is left as it is. */
    static void install(ChannelPipeline pipeline, Duration timeout) {
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return;
        }
        HeadDeadline shared = new HeadDeadline(timeout);
        pipeline.addBefore(NettyPipeline.HttpCodec, "router.headStart", shared.new Bytes());
        pipeline.addAfter(NettyPipeline.HttpCodec, "router.headEnd", shared.new Messages());
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    /** Raw bytes, ahead of the decoder: the first of a head starts the clock. */
    private final class Bytes extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (awaitingHead && deadline == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                deadline = ctx.executor().schedule(() -> timeOut(ctx), millis, TimeUnit.MILLISECONDS);
            }
            super.channelRead(ctx, msg);
        }

        private void timeOut(ChannelHandlerContext ctx) {
            deadline = null;
            if (awaitingHead && ctx.channel().isActive()) {
                LOG.debug(
                        "closing {}: request headers not complete after {} ms",
                        ctx.channel().remoteAddress(),
                        millis);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancel();
            super.channelInactive(ctx);
        }
    }

    /** Decoded messages, behind the decoder: a head stops the clock, the end of its answer rearms it. */
    private final class Messages extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                awaitingHead = false;
                cancel();
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            // a 100 Continue is a whole message but not the answer: the body is still to come
            boolean interim = msg instanceof HttpResponse r && r.status().equals(HttpResponseStatus.CONTINUE);
            if (msg instanceof LastHttpContent && !interim) {
                awaitingHead = true;
            }
            super.write(ctx, msg, promise);
        }
    }
}
