package dev.modelrouter.cluster;

import dev.modelrouter.model.Usage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
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

    private final RedisLink redis;
    private final Clock clock;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    private final MultiGauge gauge;
    private volatile List<Line> today = List.of();

    SharedUsage(RedisLink redis, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.clock = clock;
        this.gauge = MultiGauge.builder(METER)
                .description("today's usage across the cluster (UTC day)")
                .register(meters);
    }

    /** Counts one finished request, to be flushed on the next tick. */
    void recorded(String provider, String model, String client, Usage usage, boolean error) {
        String prefix = day() + "\t" + provider + "|" + model + "|" + client + "|";
        add(prefix + "requests", 1);
        add(prefix + "errors", error ? 1 : 0);
        add(prefix + "input", usage.input());
        add(prefix + "output", usage.output());
        add(prefix + "cacheRead", usage.cacheRead());
        add(prefix + "cacheWrite", usage.cacheWrite());
    }

    private void add(String field, long n) {
        if (n != 0) {
            pending.computeIfAbsent(field, k -> new LongAdder()).add(n);
        }
    }

    /** Flushes the counts made since the last tick (keeping any Redis refused) and reads today's totals back. */
    void tick() {
        flush().then(redis.call(r -> r.hgetall(KEY + day()).collectMap(kv -> kv.getKey(), kv -> kv.getValue())))
                .subscribe(this::refresh);
    }

    /** Adds the counts made since the last flush to Redis; what Redis refused stays for the next one. */
    Mono<Void> flush() {
        List<Mono<Long>> writes = new ArrayList<>();
        pending.forEach((dayAndField, adder) -> {
            long n = adder.sumThenReset();
            if (n == 0) {
                return;
            }
            int tab = dayAndField.indexOf('\t');
            String key = KEY + dayAndField.substring(0, tab);
            String field = dayAndField.substring(tab + 1);
            writes.add(redis.call(r -> r.hincrby(key, field, n))
                    .switchIfEmpty(Mono.fromRunnable(() -> add(dayAndField, n))));
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

    private String day() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString();
    }
}
