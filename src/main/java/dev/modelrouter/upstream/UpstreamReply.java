package dev.modelrouter.upstream;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * An upstream's answer as it arrives: status and headers now, the body as a stream of buffers that
 * must be consumed or cancelled (cancelling closes the upstream call).
 *
 * @param status the HTTP status
 * @param headers the response headers worth relaying, lower-case names
 * @param body the body, streamed
 */
public record UpstreamReply(int status, Map<String, String> headers, Flux<DataBuffer> body) {

    /** Whether the status is 2xx. */
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A header value, or {@code null}. */
    public @Nullable String header(String name) {
        return headers.get(name);
    }
}
