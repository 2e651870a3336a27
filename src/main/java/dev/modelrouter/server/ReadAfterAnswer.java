package dev.modelrouter.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import reactor.netty.NettyPipeline;

/**
 * Asks for the next read of a keep-alive connection once an answer is written. Reactor Netty reads
 * on demand, and 1.3.6 forgets to ask again when a request that came in before the previous answer
 * was done is queued, answered and drained (reactor-netty#4361, fixed after 1.3.6): the connection
 * then never reads again and its client waits forever. Answers written from another thread (every
 * admin write, which touches the file on a worker) leave that window open to a quick client. A read
 * asked for when nothing is waiting costs nothing; one that finds a request hands it to Reactor
 * Netty's own queueing, as any early request would be.
 */
final class ReadAfterAnswer extends ChannelOutboundHandlerAdapter {

    /** Adds the handler to a new HTTP/1.1 connection's pipeline; a pipeline without the codec is left as it is. */
    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, "router.readAfterAnswer", new ReadAfterAnswer());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        boolean interim = msg instanceof HttpResponse r && r.status().equals(HttpResponseStatus.CONTINUE);
        if (!(msg instanceof LastHttpContent) || interim) {
            super.write(ctx, msg, promise);
            return;
        }
        ChannelPromise written = promise.unvoid();
        // a task, so the read is asked for after Reactor Netty's own listeners have ended the exchange
        written.addListener(done -> ctx.executor().execute(() -> readNext(ctx)));
        super.write(ctx, msg, written);
    }

    private static void readNext(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (channel.isActive() && !channel.config().isAutoRead()) {
            ctx.read();
        }
    }
}
