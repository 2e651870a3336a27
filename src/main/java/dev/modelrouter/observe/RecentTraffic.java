package dev.modelrouter.observe;

import dev.modelrouter.model.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each provider's traffic over the last {@link #MINUTES} minutes, in one bucket per minute, for the
 * web UI's overview: requests, errors, latency and time to first token (as histograms, so p50 and
 * p99 cost a fixed array per minute), and tokens per model. Bounded: a ring of minutes per provider,
 * provider and model names already bounded by the meters' caps. A request's end takes one provider's
 * lock for a few additions; a snapshot takes each lock once.
 */
public final class RecentTraffic {

    /** The window's length in minutes. */
    public static final int MINUTES = 15;

    /** Histogram bucket upper bounds in milliseconds, growing by a quarter: 1 ms to about 20 minutes. */
    private static final long[] BOUNDS = bounds();

    private final Map<String, Ring> providers = new ConcurrentHashMap<>();

    /**
     * One provider's window.
     *
     * @param provider the provider's (bounded) name
     * @param requests requests finished in the window
     * @param errors those that ended in an error
     * @param failures upstream calls to the provider that failed (a 429, a 5xx, a timeout), whether a
     *     retry or another target then answered or not
     * @param latencyP50Ms median arrival-to-end time, or -1 without requests
     * @param latencyP99Ms 99th percentile of it, or -1
     * @param ttftP50Ms median time to first byte, or -1 when no answer streamed a byte
     * @param ttftP99Ms 99th percentile of it, or -1
     * @param input prompt tokens (fresh, cache reads and writes)
     * @param output tokens produced
     * @param minutes one entry per minute, oldest first, the current minute last
     * @param models tokens per model in the window, by model name
     */
    public record Window(
            String provider,
            long requests,
            long errors,
            long failures,
            long latencyP50Ms,
            long latencyP99Ms,
            long ttftP50Ms,
            long ttftP99Ms,
            long input,
            long output,
            List<Minute> minutes,
            Map<String, Tokens> models) {}

    /** One minute of a provider: its start (epoch minute), requests served, errors and failed calls. */
    public record Minute(long epochMinute, long requests, long errors, long failures) {}

    /** Tokens in and out. */
    public record Tokens(long input, long output) {}

    /** Adds one finished request at {@code epochMinute}; provider and model are bounded tags. */
    void record(
            String provider,
            String model,
            long epochMinute,
            boolean error,
            long latencyNanos,
            long ttftNanos,
            Usage usage) {
        providers
                .computeIfAbsent(provider, p -> new Ring())
                .add(model, epochMinute, error, latencyNanos, ttftNanos, usage);
    }

    /** Adds one failed upstream call to {@code provider} at {@code epochMinute}; the provider is a bounded tag. */
    void failed(String provider, long epochMinute) {
        providers.computeIfAbsent(provider, p -> new Ring()).fail(epochMinute);
    }

    /** Every provider seen in the window ending at {@code epochMinute}, by name. */
    public List<Window> snapshot(long epochMinute) {
        List<Window> out = new ArrayList<>();
        new TreeMap<>(providers).forEach((name, ring) -> out.add(ring.window(name, epochMinute)));
        return out;
    }

    static int bucket(long millis) {
        int i = Arrays.binarySearch(BOUNDS, millis);
        return Math.min(i >= 0 ? i : -i - 1, BOUNDS.length - 1);
    }

    private static long[] bounds() {
        long[] b = new long[64];
        double v = 1;
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(v);
            v = Math.max(v * 1.25, b[i] + 1);
        }
        return b;
    }

    /** The upper bound of the bucket holding the {@code fraction} quantile, or -1 when empty. */
    private static long quantile(long[] histogram, double fraction) {
        long total = Arrays.stream(histogram).sum();
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(total * fraction);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return BOUNDS[i];
            }
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    /** One provider's minutes, a ring indexed by epoch minute. */
    private static final class Ring {

        private final Bucket[] buckets = new Bucket[MINUTES];

        synchronized void fail(long minute) {
            at(minute).failures++;
        }

        private Bucket at(long minute) {
            int slot = (int) Math.floorMod(minute, (long) MINUTES);
            Bucket b = buckets[slot];
            if (b == null || b.minute != minute) {
                b = new Bucket(minute);
                buckets[slot] = b;
            }
            return b;
        }

        synchronized void add(
                String model, long minute, boolean error, long latencyNanos, long ttftNanos, Usage usage) {
            Bucket b = at(minute);
            b.requests++;
            if (error) {
                b.errors++;
            }
            b.latency[bucket(latencyNanos / 1_000_000)]++;
            if (ttftNanos >= 0) {
                b.ttft[bucket(ttftNanos / 1_000_000)]++;
            }
            long in = (long) usage.input() + usage.cacheRead() + usage.cacheWrite();
            b.models.merge(model, new long[] {in, usage.output()}, (a, c) -> new long[] {a[0] + c[0], a[1] + c[1]});
        }

        synchronized Window window(String name, long now) {
            long[] latency = new long[BOUNDS.length];
            long[] ttft = new long[BOUNDS.length];
            long requests = 0;
            long errors = 0;
            long failures = 0;
            Map<String, long[]> models = new TreeMap<>();
            List<Minute> minutes = new ArrayList<>(MINUTES);
            for (long m = now - MINUTES + 1; m <= now; m++) {
                Bucket b = buckets[(int) Math.floorMod(m, (long) MINUTES)];
                if (b == null || b.minute != m) {
                    minutes.add(new Minute(m, 0, 0, 0));
                    continue;
                }
                minutes.add(new Minute(m, b.requests, b.errors, b.failures));
                requests += b.requests;
                errors += b.errors;
                failures += b.failures;
                for (int i = 0; i < BOUNDS.length; i++) {
                    latency[i] += b.latency[i];
                    ttft[i] += b.ttft[i];
                }
                b.models.forEach((k, v) -> models.merge(k, v.clone(), (a, c) -> new long[] {a[0] + c[0], a[1] + c[1]}));
            }
            Map<String, Tokens> tokens = new TreeMap<>();
            long in = 0;
            long out = 0;
            for (Map.Entry<String, long[]> e : models.entrySet()) {
                tokens.put(e.getKey(), new Tokens(e.getValue()[0], e.getValue()[1]));
                in += e.getValue()[0];
                out += e.getValue()[1];
            }
            return new Window(
                    name,
                    requests,
                    errors,
                    failures,
                    quantile(latency, 0.5),
                    quantile(latency, 0.99),
                    quantile(ttft, 0.5),
                    quantile(ttft, 0.99),
                    in,
                    out,
                    minutes,
                    tokens);
        }
    }

    private static final class Bucket {
        final long minute;
        final long[] latency = new long[BOUNDS.length];
        final long[] ttft = new long[BOUNDS.length];
        final Map<String, long[]> models = new TreeMap<>();
        long requests;
        long errors;
        long failures;

        Bucket(long minute) {
            this.minute = minute;
        }
    }
}
