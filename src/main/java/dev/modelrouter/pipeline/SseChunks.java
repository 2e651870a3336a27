package dev.modelrouter.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Re-cuts a relayed SSE byte stream at event boundaries, so that whatever is inserted between
 * chunks (a keep-alive, an error event, a spliced continuation) never lands inside an event. Bytes
 * are unchanged; a partial event waits for the rest of itself.
 */
final class SseChunks {

    private SseChunks() {}

    /**
     * The body re-cut at event boundaries, each re-cut chunk's bytes handed to {@code tap}, which
     * returns what to relay of them (the same array to relay them as they came, an empty one for nothing).
     */
    static Flux<DataBuffer> atEventBoundaries(
            Flux<DataBuffer> body, DataBufferFactory buffers, UnaryOperator<byte[]> tap) {
        return Flux.defer(() -> {
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            return body.<DataBuffer>handle((chunk, sink) -> {
                        byte[] bytes = Bodies.bytes(chunk);
                        if (pending.size() > 0) {
                            pending.writeBytes(bytes);
                            bytes = pending.toByteArray();
                            pending.reset();
                        }
                        int cut = lastBoundary(bytes);
                        if (cut < 0) {
                            pending.writeBytes(bytes);
                            return;
                        }
                        byte[] out = cut == bytes.length ? bytes : Arrays.copyOf(bytes, cut);
                        pending.write(bytes, cut, bytes.length - cut);
                        byte[] relayed = tap.apply(out);
                        if (relayed.length > 0) {
                            sink.next(buffers.wrap(relayed));
                        }
                    })
                    .concatWith(Flux.defer(() -> {
                        if (pending.size() == 0) {
                            return Flux.empty();
                        }
                        byte[] rest = tap.apply(pending.toByteArray());
                        return rest.length == 0 ? Flux.empty() : Flux.just(buffers.wrap(rest));
                    }));
        });
    }

    /** The offset just after the last blank line (event end) in {@code b}, or -1. */
    static int lastBoundary(byte[] b) {
        for (int i = b.length - 1; i >= 1; i--) {
            if (b[i] == '\n'
                    && (b[i - 1] == '\n' || (i >= 3 && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r'))) {
                return i + 1;
            }
            if (b[i] == '\r' && b[i - 1] == '\r' && (i + 1 >= b.length || b[i + 1] != '\n')) {
                return i + 1;
            }
        }
        return -1;
    }
}
