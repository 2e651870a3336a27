package dev.modelrouter.pipeline;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.SseFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Keeps a relayed body honest and alive: a deadline for its first bytes and for every silence after
 * them, SSE keep-alive comments while the upstream is silent, and, when a stream breaks, an error
 * event in the client's protocol instead of a silent truncation.
 */
final class StreamGuards {

    static final Duration PING_EVERY = Duration.ofSeconds(10);
    private static final Duration PING_CHECK = Duration.ofSeconds(2);
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.UTF_8);

    private StreamGuards() {}

    /** Fails the body with a 504 when its first bytes or any later silence take too long. */
    static Flux<DataBuffer> deadlines(Flux<DataBuffer> body, Duration first, Duration idle, String what) {
        return body.timeout(Mono.delay(first), item -> Mono.delay(idle))
                .onErrorMap(TimeoutException.class, e -> new RouterException(ErrorKind.TIMEOUT, 504,
                        what + " went silent: no data for " + idle.toSeconds() + " s (idle_timeout_ms)", null, e));
    }

    /**
     * A relayed SSE body that pings while silent and ends a broken stream with {@code onError}'s
     * frames; keep-alive comments and the error frame are only ever inserted between events.
     */
    static Flux<DataBuffer> sse(
            Flux<DataBuffer> body, DataBufferFactory buffers, Function<RouterException, List<SseFrame>> onError) {
        AtomicBoolean atBoundary = new AtomicBoolean(true);
        Flux<DataBuffer> tracked = body.doOnNext(b -> atBoundary.set(endsEvent(b)))
                .onErrorResume(e -> {
                    RouterException error = e instanceof RouterException r ? r
                            : new RouterException(ErrorKind.BAD_GATEWAY, 502,
                                    "the upstream stream broke off (" + e.getClass().getSimpleName() + ")", null, e);
                    StringBuilder sb = new StringBuilder(atBoundary.get() ? "" : "\n\n");
                    onError.apply(error).forEach(f -> sb.append(f.encode()));
                    atBoundary.set(true);
                    return Mono.just(buffers.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
                });
        return withPings(tracked, buffers, atBoundary);
    }

    /**
     * Keep-alive comments after every {@link #PING_EVERY} of silence, only at an event boundary. The
     * body is merged, not multicast, so a client that goes away cancels the upstream at once.
     */
    static Flux<DataBuffer> withPings(Flux<DataBuffer> body, DataBufferFactory buffers, AtomicBoolean atBoundary) {
        return Flux.defer(() -> {
            AtomicLong last = new AtomicLong(System.nanoTime());
            Sinks.Empty<Void> done = Sinks.empty();
            Flux<DataBuffer> tracked = body.doOnNext(b -> last.set(System.nanoTime()))
                    .doFinally(s -> done.tryEmitEmpty());
            Flux<DataBuffer> pings = Flux.interval(PING_CHECK, PING_CHECK)
                    .filter(t -> atBoundary.get() && System.nanoTime() - last.get() >= PING_EVERY.toNanos())
                    .map(t -> {
                        last.set(System.nanoTime());
                        return buffers.wrap(PING.clone());
                    })
                    .takeUntilOther(done.asMono());
            return Flux.merge(tracked, pings);
        });
    }

    private static boolean endsEvent(DataBuffer b) {
        int end = b.writePosition();
        int start = b.readPosition();
        if (end - start < 2) {
            return false;
        }
        byte last = b.getByte(end - 1);
        byte before = b.getByte(end - 2);
        return (last == '\n' && before == '\n') || (last == '\r' && before == '\r')
                || (last == '\n' && before == '\r' && end - start >= 4 && b.getByte(end - 3) == '\n');
    }
}
