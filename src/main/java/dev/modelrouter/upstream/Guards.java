package dev.modelrouter.upstream;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.Resilience;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breakers (one per provider and model, bounded for models the config does not list) and bulkheads (one per provider) guarding
 * upstream calls, built from each provider's {@link Resilience} settings. A reload that changes a
 * provider's settings gets fresh instances; unchanged ones keep their state.
 */
public final class Guards {

    private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private final Map<String, Resilience> settings = new ConcurrentHashMap<>();
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();
    private final RecentBreakers unlisted = new RecentBreakers(UNLISTED_CAPACITY);
    private volatile Consumer<CircuitBreaker> created = cb -> {};
    // the guards last handed out for a config snapshot's settings: every request asks, and the
    // registries' way (a name built, settings compared field by field and stored) cost a map write each
    private final Map<Key, Handed<CircuitBreaker>> handedBreakers = new ConcurrentHashMap<>();
    private final Map<String, Handed<Bulkhead>> handedBulkheads = new ConcurrentHashMap<>();

    private record Key(String provider, String model) {}

    private record Handed<T>(Resilience settings, T guard) {}

    /** How many breakers of models the config does not list are kept. */
    public static final int UNLISTED_CAPACITY = 100;

    /** Remembers a provider's most recent failure, for status. */
    public void failed(String provider, String message) {
        lastErrors.put(provider.toLowerCase(Locale.ROOT), Instant.now() + " " + message);
    }

    /** The provider's most recent failure with its time, or {@code null}. */
    public @Nullable String lastError(String provider) {
        return lastErrors.get(provider.toLowerCase(Locale.ROOT));
    }

    /**
     * The circuit breaker of {@code provider}'s {@code model}. A model the config lists has its own
     * breaker in the registry (and its meters); any other name a client chose gets one of at most
     * {@link #UNLISTED_CAPACITY} breakers kept outside it, the least recently used going first, so a
     * client sending ever new names cannot grow the daemon's memory or its scrape.
     *
     * @param listed whether the config lists the model (see {@code routing.ModelNames#listed})
     */
    public CircuitBreaker breaker(ProviderConfig provider, String model, boolean listed) {
        Resilience r = provider.resilience();
        Key key = new Key(provider.name(), model);
        Handed<CircuitBreaker> handed = listed ? handedBreakers.get(key) : null;
        if (handed != null && handed.settings() == r) {
            return handed.guard();
        }
        String name = provider.name() + "," + model;
        if (!listed) {
            return unlisted.get(name, r, () -> announced(CircuitBreaker.of(name, breakerConfig(r))));
        }
        if (!r.equals(settings.put("cb:" + name, r))) {
            breakers.remove(name);
        }
        CircuitBreaker breaker = breakers.circuitBreaker(name, () -> breakerConfig(r));
        handedBreakers.put(key, new Handed<>(r, breaker));
        return breaker;
    }

    /**
     * Hands every breaker built from now on to {@code listener} before its first use, for cluster mode,
     * which shares breaker state between instances; without a listener nothing is called.
     */
    public void onCreated(Consumer<CircuitBreaker> listener) {
        created = listener;
        breakers.getEventPublisher().onEntryAdded(e -> listener.accept(e.getAddedEntry()));
        breakers.getEventPublisher().onEntryReplaced(e -> listener.accept(e.getNewEntry()));
    }

    /** Every breaker built so far, listed models' and the kept unlisted ones', for cluster mode turned on at a reload. */
    public void forEachBreaker(Consumer<CircuitBreaker> action) {
        breakers.getAllCircuitBreakers().forEach(action);
        unlisted.forEach(action);
    }

    private CircuitBreaker announced(CircuitBreaker breaker) {
        created.accept(breaker);
        return breaker;
    }

    private static CircuitBreakerConfig breakerConfig(Resilience r) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(r.breakerWindow())
                .minimumNumberOfCalls(Math.min(r.breakerMinCalls(), r.breakerWindow()))
                .failureRateThreshold(r.breakerFailureRate())
                .waitDurationInOpenState(r.breakerOpen())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
    }

    /** The bulkhead of {@code provider}: at most its {@code max_concurrency} calls at once, no waiting. */
    public Bulkhead bulkhead(ProviderConfig provider) {
        Resilience r = provider.resilience();
        Handed<Bulkhead> handed = handedBulkheads.get(provider.name());
        if (handed != null && handed.settings() == r) {
            return handed.guard();
        }
        if (!r.equals(settings.put("bh:" + provider.name(), r))) {
            bulkheads.remove(provider.name());
        }
        Bulkhead bulkhead = bulkheads.bulkhead(
                provider.name(),
                () -> BulkheadConfig.custom()
                        .maxConcurrentCalls(r.maxConcurrent())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        handedBulkheads.put(provider.name(), new Handed<>(r, bulkhead));
        return bulkhead;
    }

    /**
     * Circuit state per {@code provider,model} that has one, e.g. {@code CLOSED}, {@code OPEN}: every
     * listed model's, and those of the most recently used unlisted ones.
     */
    public Map<String, String> states() {
        Map<String, String> out = new LinkedHashMap<>();
        breakers.getAllCircuitBreakers()
                .forEach(cb -> out.put(cb.getName(), cb.getState().name()));
        unlisted.forEach(cb -> out.putIfAbsent(cb.getName(), cb.getState().name()));
        return out;
    }

    /** The registries, for metrics. */
    public CircuitBreakerRegistry breakerRegistry() {
        return breakers;
    }

    /** The registries, for metrics. */
    public BulkheadRegistry bulkheadRegistry() {
        return bulkheads;
    }
}
