package dev.modelrouter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the router's own HTTP server waits on a client, from config.json's {@code server} object.
 * None of them bounds an answer: a slow-thinking model keeps a stream open as long as the provider
 * keeps it open ({@link Resilience#idleTimeout()}), however long that is.
 *
 * @param header the longest from a request's first byte to the end of its headers
 *     ({@code header_timeout_ms})
 * @param body the longest from the end of a request's headers to the end of its body
 *     ({@code body_timeout_ms})
 * @param idle the longest a connection may wait for its next request, the first included
 *     ({@code idle_timeout_ms})
 */
public record ServerTimeouts(Duration header, Duration body, Duration idle) {

    /** The defaults: generous for a body of {@code MAX_BODY_BYTES} on a slow link, finite for the rest. */
    public static final ServerTimeouts DEFAULT =
            new ServerTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(300), Duration.ofSeconds(120));

    public ServerTimeouts {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(idle, "idle");
    }
}
