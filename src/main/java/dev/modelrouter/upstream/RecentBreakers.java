package dev.modelrouter.upstream;

import dev.modelrouter.config.Resilience;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The circuit breakers of the most recently used {@code capacity} names, each with the settings it
 * was built from; the least recently used one goes when a new name comes past the capacity. A
 * synchronized access-ordered map: one short lock per upstream call, next to a network round trip.
 */
final class RecentBreakers {

    private record Entry(CircuitBreaker breaker, Resilience settings) {}

    private final Map<String, Entry> byName;

    RecentBreakers(int capacity) {
        this.byName = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The breaker of {@code name}, a new one from {@code create} when it has none or its settings changed. */
    synchronized CircuitBreaker get(String name, Resilience settings, Supplier<CircuitBreaker> create) {
        Entry e = byName.get(name);
        if (e == null || !e.settings().equals(settings)) {
            e = new Entry(create.get(), settings);
            byName.put(name, e);
        }
        return e.breaker();
    }

    /** How many breakers are kept. */
    synchronized int size() {
        return byName.size();
    }

    /** Hands every kept breaker to {@code action}, least recently used first, outside the lock. */
    void forEach(Consumer<CircuitBreaker> action) {
        List<CircuitBreaker> copy;
        synchronized (this) {
            copy = new ArrayList<>(byName.size());
            byName.values().forEach(e -> copy.add(e.breaker()));
        }
        copy.forEach(action);
    }
}
