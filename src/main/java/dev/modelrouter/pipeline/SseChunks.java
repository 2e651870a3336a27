package dev.modelrouter.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;

/**
 * Re-cuts a relayed SSE byte stream at event boundaries, so that whatever is inserted between
 * chunks (a keep-alive, an error event, a spliced continuation) never lands inside an event. Bytes
 * are unchanged; a partial event waits for the rest of itself.
 */
final class SseChunks {

    /** Reads a re-cut chunk's bytes and says what of them to relay. */
    @FunctionalInterface
    interface Tap {

        /**
         * The first {@code length} bytes of {@code bytes}, whole events; returns {@code bytes} itself to
         * relay them as they came, or a new array of exactly the bytes to relay (empty for nothing).
         */
        byte[] apply(byte[] bytes, int length);
    }

    private SseChunks() {}

    /**
     * The body re-cut at event boundaries, each re-cut chunk's bytes handed to {@code tap}. A chunk
     * that ends at an event boundary, with nothing pending before it, and that the tap relays as it
     * came goes on as the upstream's own buffer, neither copied nor re-wrapped: the way a bare proxy
     * relays it.
     */
    static Flux<DataBuffer> atEventBoundaries(Flux<DataBuffer> body, DataBufferFactory buffers, Tap tap) {
        return Flux.defer(() -> {
            Recut recut = new Recut(buffers, tap);
            return body.<DataBuffer>handle(recut::chunk).concatWith(Flux.defer(recut::rest));
        });
    }

    /** One stream's re-cutting: the partial event carried between chunks, and a scratch array reused for each chunk. */
    private static final class Recut {

        private final DataBufferFactory buffers;
        private final Tap tap;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private byte[] scratch = new byte[4096];

        Recut(DataBufferFactory buffers, Tap tap) {
            this.buffers = buffers;
            this.tap = tap;
        }

        void chunk(DataBuffer chunk, SynchronousSink<DataBuffer> sink) {
            if (pending.size() > 0) {
                pendingChunk(Bodies.bytes(chunk), sink);
                return;
            }
            int length = peek(chunk);
            int cut = lastBoundary(scratch, length);
            if (cut != length) {
                byte[] bytes = Arrays.copyOf(scratch, length);
                DataBufferUtils.release(chunk);
                pendingChunk(bytes, sink);
                return;
            }
            byte[] relayed;
            try {
                relayed = tap.apply(scratch, length);
            } catch (RuntimeException e) {
                DataBufferUtils.release(chunk);
                throw e;
            }
            if (relayed == scratch) {
                sink.next(chunk);
                return;
            }
            DataBufferUtils.release(chunk);
            if (relayed.length > 0) {
                sink.next(buffers.wrap(relayed));
            }
        }

        /** Copies the chunk's readable bytes into {@link #scratch}, leaving the chunk as it is; returns their count. */
        private int peek(DataBuffer chunk) {
            int length = chunk.readableByteCount();
            if (length > scratch.length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            // read, then put the read position back: no ByteBuffer views per chunk, as readableByteBuffers() makes
            int at = chunk.readPosition();
            chunk.read(scratch, 0, length);
            chunk.readPosition(at);
            return length;
        }

        /** A chunk that continues a partial event or ends inside one: re-cut, copied. */
        private void pendingChunk(byte[] bytes, SynchronousSink<DataBuffer> sink) {
            if (pending.size() > 0) {
                pending.writeBytes(bytes);
                bytes = pending.toByteArray();
                pending.reset();
            }
            int cut = lastBoundary(bytes, bytes.length);
            if (cut < 0) {
                pending.writeBytes(bytes);
                return;
            }
            byte[] out = cut == bytes.length ? bytes : Arrays.copyOf(bytes, cut);
            pending.write(bytes, cut, bytes.length - cut);
            byte[] relayed = tap.apply(out, out.length);
            if (relayed.length > 0) {
                sink.next(buffers.wrap(relayed));
            }
        }

        Flux<DataBuffer> rest() {
            if (pending.size() == 0) {
                return Flux.empty();
            }
            byte[] bytes = pending.toByteArray();
            byte[] relayed = tap.apply(bytes, bytes.length);
            return relayed.length == 0 ? Flux.empty() : Flux.just(buffers.wrap(relayed));
        }
    }

    /** The offset just after the last blank line (event end) in {@code b}'s first {@code length} bytes, or -1. */
    static int lastBoundary(byte[] b, int length) {
        for (int i = length - 1; i >= 1; i--) {
            if (b[i] == '\n'
                    && (b[i - 1] == '\n' || (i >= 3 && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r'))) {
                return i + 1;
            }
            if (b[i] == '\r' && b[i - 1] == '\r' && (i + 1 >= length || b[i + 1] != '\n')) {
                return i + 1;
            }
        }
        return -1;
    }
}
