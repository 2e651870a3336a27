package dev.modelrouter.cluster;

import dev.modelrouter.model.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Usage counted in Redis for the whole cluster, per UTC day, provider, model and client key: one hash
 * {@code mr:usage:<yyyy-mm-dd>} whose fields are {@code provider|model|client|measure}, added to with
 * {@code HINCRBY}. Each instance counts locally and flushes once per tick, so a request costs no Redis
 * round trip and counts made while Redis was away are flushed when it is back (an instance that stops
 * in between loses at most one tick's counts). The totals read back each tick feed status and the
 * {@value #METER} gauge; the instance's own counts stay in the local usage ledger.
 */
final class SharedUsage {

    static final String KEY = "mr:usage:";
    /** Cluster-wide totals of today, tagged provider, model, client and measure. */
    static final String METER = "router.cluster.usage";

    static final List<String> MEASURES = List.of("requests", "errors", "input", "output", "cacheRead", "cacheWrite");

    /**
     * One day's totals of one provider, model and client across the cluster.
     *
     * @param counts by measure, in {@link #MEASURES} order
     */
    record Line(String provider, String model, String client, Map<String, Long> counts) {}

    /** Where one request's counts go until the next flush: its day and line. */
    private record Pending(String day, String provider, String model, String client) {}

    private final RedisLink redis;
    private final Clock clock;
    /** Counts not yet in Redis, by day and line, in {@link #MEASURES} order. */
    private final Map<Pending, AtomicLongArray> pending = new ConcurrentHashMap<>();

    private final MultiGauge gauge;
    private volatile List<Line> today = List.of();
    /** Today as {@code yyyy-mm-dd}, made again only when the UTC day changes: a request costs no date formatting. */
    private volatile Day day = new Day(Long.MIN_VALUE, "");

    private record Day(long epochDay, String text) {}

    SharedUsage(RedisLink redis, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.clock = clock;
        this.gauge = MultiGauge.builder(METER)
                .description("today's usage across the cluster (UTC day)")
                .register(meters);
    }

    /** Counts one finished request, to be flushed on the next tick. */
    void recorded(String provider, String model, String client, Usage usage, boolean error) {
        AtomicLongArray counts = pending.computeIfAbsent(
                new Pending(day(), provider, model, client), k -> new AtomicLongArray(MEASURES.size()));
        add(counts, 0, 1);
        add(counts, 1, error ? 1 : 0);
        add(counts, 2, usage.input());
        add(counts, 3, usage.output());
        add(counts, 4, usage.cacheRead());
        add(counts, 5, usage.cacheWrite());
    }

    private static void add(AtomicLongArray counts, int measure, long n) {
        if (n != 0) {
            counts.addAndGet(measure, n);
        }
    }

    /** Flushes the counts made since the last tick (keeping any Redis refused) and reads today's totals back. */
    void tick() {
        flush().then(redis.call(r -> r.hgetall(KEY + day()).collectMap(kv -> kv.getKey(), kv -> kv.getValue())))
                .subscribe(this::refresh);
    }

    /**
     * Adds the counts made since the last flush to Redis; what Redis refused stays for the next one, as
     * long as its day is today or yesterday. Older lines are dropped: a day's counts have had a whole day
     * of ticks to reach Redis by then, and keeping them would grow the map by a line per day and client.
     */
    Mono<Void> flush() {
        String yesterday = LocalDate.ofEpochDay(epochDay() - 1).toString();
        pending.keySet().removeIf(line -> line.day().compareTo(yesterday) < 0);
        List<Mono<Long>> writes = new ArrayList<>();
        pending.forEach((line, counts) -> {
            for (int m = 0; m < MEASURES.size(); m++) {
                long n = counts.getAndSet(m, 0);
                if (n == 0) {
                    continue;
                }
                int measure = m;
                String field = line.provider() + "|" + line.model() + "|" + line.client() + "|" + MEASURES.get(m);
                writes.add(redis.call(r -> r.hincrby(KEY + line.day(), field, n))
                        .switchIfEmpty(Mono.fromRunnable(() -> add(
                                pending.computeIfAbsent(line, k -> new AtomicLongArray(MEASURES.size())),
                                measure,
                                n))));
            }
        });
        return Flux.merge(writes).then();
    }

    private void refresh(Map<String, String> fields) {
        Map<String, Map<String, Long>> byLine = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            int cut = field.lastIndexOf('|');
            if (cut > 0) {
                byLine.computeIfAbsent(field.substring(0, cut), k -> new LinkedHashMap<>())
                        .put(field.substring(cut + 1), Long.parseLong(value));
            }
        });
        List<Line> lines = new ArrayList<>();
        byLine.forEach((id, counts) -> {
            String[] parts = id.split("\\|", 3);
            if (parts.length == 3) {
                lines.add(new Line(parts[0], parts[1], parts[2], counts));
            }
        });
        lines.sort(
                Comparator.comparing(Line::provider).thenComparing(Line::model).thenComparing(Line::client));
        today = List.copyOf(lines);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Line line : lines) {
            line.counts()
                    .forEach((measure, n) -> rows.add(MultiGauge.Row.of(
                            Tags.of(
                                    "provider",
                                    line.provider(),
                                    "model",
                                    line.model(),
                                    "client",
                                    line.client(),
                                    "measure",
                                    measure),
                            n)));
        }
        gauge.register(rows, true);
    }

    /** Takes the cluster-wide gauges away, for a cluster left at a reload: they would go stale. */
    void unregister() {
        gauge.register(List.of(), true);
    }

    /** Today's totals across the cluster as last read from Redis. */
    List<Line> today() {
        return today;
    }

    private long epochDay() {
        return Math.floorDiv(clock.millis(), 86_400_000L);
    }

    private String day() {
        long epochDay = epochDay();
        Day d = day;
        if (d.epochDay() != epochDay) {
            d = new Day(epochDay, LocalDate.ofEpochDay(epochDay).toString());
            day = d;
        }
        return d.text();
    }
}
