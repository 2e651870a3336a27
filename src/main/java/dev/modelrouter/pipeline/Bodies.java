package dev.modelrouter.pipeline;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reading a bounded body into bytes, releasing every buffer. */
final class Bodies {

    private Bodies() {}

    /** The body's bytes, at most {@code limit}; a longer body yields its first {@code limit} bytes' worth of text plus a note. */
    static Mono<byte[]> readUpTo(Flux<DataBuffer> body, int limit) {
        return DataBufferUtils.join(body, limit)
                .map(Bodies::bytes)
                .onErrorResume(
                        DataBufferLimitException.class,
                        e -> Mono.just(
                                ("(error body over " + limit + " bytes, not shown)").getBytes(StandardCharsets.UTF_8)))
                .defaultIfEmpty(new byte[0]);
    }

    static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] out = new byte[buffer.readableByteCount()];
            buffer.read(out);
            return out;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
