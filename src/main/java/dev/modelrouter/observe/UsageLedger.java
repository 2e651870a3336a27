package dev.modelrouter.observe;

import dev.modelrouter.model.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests, errors and tokens per provider and model since the daemon started, for {@code router
 * status} and {@code GET /api/status}. Safe to update from any thread; a snapshot is a consistent-enough
 * sum of counters that only grow.
 */
public final class UsageLedger {

    /**
     * One provider and model's totals.
     *
     * @param provider the provider's name ({@code none} for requests refused before routing)
     * @param model the upstream model's name
     * @param requests requests finished
     * @param errors requests that ended in a client or upstream error
     * @param input prompt tokens read fresh
     * @param output tokens produced
     * @param cacheRead prompt tokens read from the cache
     * @param cacheWrite prompt tokens written to the cache
     */
    public record Line(
            String provider,
            String model,
            long requests,
            long errors,
            long input,
            long output,
            long cacheRead,
            long cacheWrite) {}

    /**
     * Told of every finished request the ledger adds: cluster mode, which counts usage in Redis too, and
     * the client keys, which count each client's tokens.
     */
    @FunctionalInterface
    public interface Listener {
        /** One finished request of {@code provider}'s {@code model} for {@code client} ({@code -} for none). */
        void recorded(String provider, String model, String client, Usage usage, boolean error);
    }

    private final Map<Key, Totals> totals = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Adds one who is told of each request added. */
    public void onRecord(Listener value) {
        listeners.add(value);
    }

    /** Adds one finished request of {@code client} ({@code -} for none). */
    public void record(String provider, String model, String client, Usage usage, boolean error) {
        listeners.forEach(l -> l.recorded(provider, model, client, usage, error));
        Totals t = totals.computeIfAbsent(new Key(provider, model), k -> new Totals());
        t.requests.increment();
        if (error) {
            t.errors.increment();
        }
        t.input.add(usage.input());
        t.output.add(usage.output());
        t.cacheRead.add(usage.cacheRead());
        t.cacheWrite.add(usage.cacheWrite());
    }

    /** Every provider and model seen so far, sorted by provider then model. */
    public List<Line> snapshot() {
        List<Line> out = new ArrayList<>(totals.size());
        totals.forEach((k, t) -> out.add(new Line(
                k.provider(),
                k.model(),
                t.requests.sum(),
                t.errors.sum(),
                t.input.sum(),
                t.output.sum(),
                t.cacheRead.sum(),
                t.cacheWrite.sum())));
        out.sort(Comparator.comparing(Line::provider).thenComparing(Line::model));
        return out;
    }

    private record Key(String provider, String model) {}

    private static final class Totals {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder input = new LongAdder();
        final LongAdder output = new LongAdder();
        final LongAdder cacheRead = new LongAdder();
        final LongAdder cacheWrite = new LongAdder();
    }
}
