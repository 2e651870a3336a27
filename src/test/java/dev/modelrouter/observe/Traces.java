package dev.modelrouter.observe;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** An observer on a hand-driven clock, for tests. */
final class Traces {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final Observer observer;

    Traces(MeterRegistry registry, @Nullable RequestLog log) {
        observer = new Observer(
                new RouterMetrics(registry, 3),
                new UsageLedger(),
                log,
                () -> true,
                Clock.fixed(T0, ZoneOffset.UTC),
                nanos::get,
                new LiveFeed(UnaryOperator.identity()));
    }

    void advanceMillis(double ms) {
        nanos.addAndGet((long) (ms * 1_000_000));
    }
}
