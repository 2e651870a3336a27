package dev.modelrouter.pipeline;

import dev.modelrouter.config.Resilience;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Keeps a relayed body honest and alive: a deadline for its first bytes and for every silence after
 * them, and SSE keep-alive comments while the upstream is silent.
 */
final class StreamGuards {

    static final Duration PING_EVERY = Duration.ofSeconds(10);
    private static final Duration PING_CHECK = Duration.ofSeconds(2);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private StreamGuards() {}

    /**
     * {@code d}'s body failing with a 504 when its first bytes or any later silence take too long; the
     * first bytes of a stream that a fallback can take over are waited for only {@code failover_timeout_ms}.
     */
    static Flux<DataBuffer> deadlines(Flux<DataBuffer> body, Dispatch d) {
        Resilience r = d.provider().resilience();
        boolean failover = d.continuer() != null && r.failoverTimeout().compareTo(r.firstEventTimeout()) < 0;
        return deadlines(
                body,
                failover ? r.failoverTimeout() : r.firstEventTimeout(),
                failover ? "failover_timeout_ms" : "first_event_timeout_ms",
                r.idleTimeout(),
                d.what());
    }

    /** Fails the body with a 504 when its first bytes or any later silence take too long. */
    private static Flux<DataBuffer> deadlines(
            Flux<DataBuffer> body, Duration first, String setting, Duration idle, String what) {
        // With a fallback, Reactor skips building a description of the source chain for its own
        // TimeoutException, a string walk that cost 2 % of the proxy's CPU on every request. The
        // first deadline fails with its own error, so the message names the setting that ran out.
        return body.timeout(
                Mono.defer(() -> Mono.delay(first, LoopTimers.current())
                        .then(Mono.error(() -> new RouterException(
                                ErrorKind.TIMEOUT,
                                504,
                                what + " sent no data within " + first.toMillis() + " ms of its response headers ("
                                        + setting + ")",
                                null,
                                null)))),
                item -> Mono.delay(idle, LoopTimers.current()),
                Flux.error(() -> new RouterException(
                        ErrorKind.TIMEOUT,
                        504,
                        what + " went silent: no data for " + idle.toSeconds() + " s (idle_timeout_ms)",
                        null,
                        null)));
    }

    /**
     * Keep-alive comments after every {@link #PING_EVERY} of silence. The body must arrive in whole
     * events (see {@link SseChunks}), so a comment never lands inside one. The body is merged, not
     * multicast, so a client that goes away cancels the upstream at once.
     */
    static Flux<DataBuffer> withPings(Flux<DataBuffer> body, DataBufferFactory buffers) {
        return Flux.defer(() -> {
            AtomicLong last = new AtomicLong(System.nanoTime());
            Sinks.Empty<Void> done = Sinks.empty();
            Flux<DataBuffer> tracked =
                    body.doOnNext(b -> last.set(System.nanoTime())).doFinally(s -> done.tryEmitEmpty());
            Flux<DataBuffer> pings = Flux.interval(PING_CHECK, PING_CHECK, LoopTimers.current())
                    .filter(t -> System.nanoTime() - last.get() >= PING_EVERY.toNanos())
                    .map(t -> {
                        last.set(System.nanoTime());
                        return buffers.wrap(PING.clone());
                    })
                    .takeUntilOther(done.asMono());
            return Flux.merge(tracked, pings);
        });
    }
}
