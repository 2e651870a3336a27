package dev.modelrouter.pipeline;

import dev.modelrouter.config.Resilience;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
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
                d::what);
    }

    /**
     * Fails the body with a 504 when its first bytes or any later silence take too long. One watchdog
     * per body looks at the time of the last chunk a few times per deadline: a timer armed and
     * cancelled for every chunk (Reactor's {@code timeout}) cost a heap insert and removal on the event
     * loop per event of every stream. The failure comes at most a quarter of the deadline late.
     */
    private static Flux<DataBuffer> deadlines(
            Flux<DataBuffer> body, Duration first, String setting, Duration idle, Supplier<String> what) {
        Duration every = checkEvery(first, idle);
        return Flux.defer(() -> {
            Silence silence = new Silence(System.nanoTime());
            Sinks.Empty<Void> done = Sinks.empty();
            Flux<DataBuffer> watched = body.doOnNext(b -> silence.heard()).doFinally(s -> done.tryEmitEmpty());
            Flux<DataBuffer> watchdog = Flux.interval(every, every, LoopTimers.current())
                    .<DataBuffer>handle((tick, sink) -> {
                        long now = System.nanoTime();
                        if (!silence.anything() && now - silence.since() >= first.toNanos()) {
                            sink.error(new RouterException(
                                    ErrorKind.TIMEOUT,
                                    504,
                                    what.get() + " sent no data within " + first.toMillis()
                                            + " ms of its response headers (" + setting + ")",
                                    null,
                                    null));
                        } else if (silence.anything() && now - silence.since() >= idle.toNanos()) {
                            sink.error(new RouterException(
                                    ErrorKind.TIMEOUT,
                                    504,
                                    what.get() + " went silent: no data for " + idle.toSeconds()
                                            + " s (idle_timeout_ms)",
                                    null,
                                    null));
                        }
                    })
                    .takeUntilOther(done.asMono());
            // the merge may hold a chunk or two when the client goes away or a deadline fails the
            // body: those are the upstream connection's pooled buffers, so they are released
            return Flux.merge(watched, watchdog).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    private static Duration checkEvery(Duration first, Duration idle) {
        long quarter = Math.min(first.toMillis(), idle.toMillis()) / 4;
        return Duration.ofMillis(Math.max(5, Math.min(PING_CHECK.toMillis(), quarter)));
    }

    /** When a body was last heard from: its start until its first chunk. Written by the body's thread, read by the watchdog's. */
    private static final class Silence {

        private volatile long since;
        private volatile boolean anything;

        Silence(long start) {
            this.since = start;
        }

        void heard() {
            since = System.nanoTime();
            if (!anything) {
                anything = true;
            }
        }

        long since() {
            return since;
        }

        boolean anything() {
            return anything;
        }
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
            // relayed upstream buffers the merge holds when the client goes away are released
            return Flux.merge(tracked, pings).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }
}
