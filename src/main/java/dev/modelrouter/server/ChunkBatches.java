package dev.modelrouter.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.NettyPipeline;

/**
 * Writes the body buffers handed over between two flushes as one: one HTTP chunk, one entry in the
 * outbound buffer. Reactor Netty writes each buffer of a streamed answer as it comes and flushes once
 * no further one is at hand, so the events an upstream sent together (one network read, relayed or
 * translated one buffer per event) arrive here back to back; encoded one by one, each cost its own
 * chunk header, trailer, promise and pass through the codec. The bytes are the same, and a buffer
 * that comes alone goes on as it is, uncopied.
 */
final class ChunkBatches extends ChannelOutboundHandlerAdapter {

    /** A burst larger than this goes on in parts, so a huge one is never held and copied whole. */
    static final int MAX_BATCH_BYTES = 64 * 1024;

    private final List<ByteBuf> held = new ArrayList<>(8);
    private final List<ChannelPromise> promises = new ArrayList<>(8);
    private int heldBytes;

    /** Adds the handler to a new HTTP/1.1 connection's pipeline; a pipeline without the codec is left as it is. */
    static void install(ChannelPipeline pipeline) {
        if (pipeline.get(NettyPipeline.HttpCodec) != null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, "router.chunkBatches", new ChunkBatches());
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buffer) {
            held.add(buffer);
            promises.add(promise);
            heldBytes += buffer.readableBytes();
            if (heldBytes >= MAX_BATCH_BYTES) {
                writeHeld(ctx);
            }
            return;
        }
        // a head or the end of the answer: what came before it goes first
        writeHeld(ctx);
        ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeHeld(ctx);
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        // handed on, so the channel fails and releases them as it does every unflushed write
        writeHeld(ctx);
        super.close(ctx, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (ByteBuf buffer : held) {
            ReferenceCountUtil.safeRelease(buffer);
        }
        IllegalStateException removed = new IllegalStateException("the connection's pipeline was taken down");
        for (ChannelPromise promise : promises) {
            promise.tryFailure(removed);
        }
        clear();
    }

    private void writeHeld(ChannelHandlerContext ctx) {
        int n = held.size();
        if (n == 0) {
            return;
        }
        if (n == 1) {
            ByteBuf only = held.get(0);
            ChannelPromise promise = promises.get(0);
            clear();
            ctx.write(only, promise);
            return;
        }
        ByteBuf joined = ctx.alloc().ioBuffer(heldBytes);
        for (ByteBuf buffer : held) {
            joined.writeBytes(buffer, buffer.readerIndex(), buffer.readableBytes());
            buffer.release();
        }
        ChannelPromise promise = joined(ctx, List.copyOf(promises));
        clear();
        ctx.write(joined, promise);
    }

    /** One promise for the joined write that completes each of the parts' promises. */
    private static ChannelPromise joined(ChannelHandlerContext ctx, List<ChannelPromise> parts) {
        boolean anyToTell = false;
        for (ChannelPromise p : parts) {
            anyToTell |= !p.isVoid();
        }
        if (!anyToTell) {
            return ctx.voidPromise();
        }
        ChannelPromise promise = ctx.newPromise();
        promise.addListener(done -> {
            for (ChannelPromise p : parts) {
                if (p.isVoid()) {
                    continue;
                }
                if (done.isSuccess()) {
                    p.trySuccess();
                } else {
                    p.tryFailure(done.cause());
                }
            }
        });
        return promise;
    }

    private void clear() {
        held.clear();
        promises.clear();
        heldBytes = 0;
    }
}
