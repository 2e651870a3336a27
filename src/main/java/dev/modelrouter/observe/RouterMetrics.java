package dev.modelrouter.observe;

import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Every meter the router publishes, by name, with bounded tags. Meters are looked up once per distinct
 * tag combination and cached, so recording costs a map lookup and an add.
 */
public final class RouterMetrics {

    /** Timer: one request end to end; tags ingress, provider, model, scenario, outcome. */
    public static final String REQUESTS = "router.requests";
    /** Timer: from the request's arrival to the first byte sent to the client; tags as REQUESTS minus outcome. */
    public static final String TTFT = "router.ttft";
    /** Counter: tokens by provider, model and type (input, output, cache_read, cache_write). */
    public static final String TOKENS = "router.tokens";
    /** Counter: upstream calls by provider, model and result (ok, error). */
    public static final String UPSTREAM_ATTEMPTS = "router.upstream.attempts";
    /** Counter: an upstream call repeated on the same target; tags provider, model. */
    public static final String UPSTREAM_RETRIES = "router.upstream.retries";
    /** Counter: a request moved on to its next target; tags provider, model of the target given up. */
    public static final String FALLBACKS = "router.fallbacks";
    /** Counter: unparseable upstream stream events skipped; tags provider, model. */
    public static final String MALFORMED_EVENTS = "router.stream.malformed.events";
    /** Counter: request-log lines dropped because the writer fell behind or the disk failed. */
    public static final String REQUEST_LOG_DROPPED = "router.requestlog.dropped";

    public static final String TAG_INGRESS = "ingress";
    public static final String TAG_PROVIDER = "provider";
    public static final String TAG_MODEL = "model";
    public static final String TAG_SCENARIO = "scenario";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_TYPE = "type";
    public static final String TAG_RESULT = "result";

    // Prometheus histogram buckets: a router adds milliseconds, a model answers in seconds to minutes.
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300)
    };

    private final MeterRegistry registry;
    private final BoundedNames providers;
    private final BoundedNames models;
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<RequestKey, Timer> ttftTimers = new ConcurrentHashMap<>();
    private final Map<TargetKey, TokenCounters> tokenCounters = new ConcurrentHashMap<>();
    private final Map<TargetKey, Counter> attemptsOk = new ConcurrentHashMap<>();
    private final Map<TargetKey, Counter> attemptsError = new ConcurrentHashMap<>();
    private final Map<TargetKey, Counter> retries = new ConcurrentHashMap<>();
    private final Map<TargetKey, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<TargetKey, Counter> malformed = new ConcurrentHashMap<>();

    /** Meters in {@code registry}, with at most 200 distinct providers and 200 distinct models. */
    public RouterMetrics(MeterRegistry registry) {
        this(registry, BoundedNames.DEFAULT_CAP);
    }

    RouterMetrics(MeterRegistry registry, int nameCap) {
        this.registry = registry;
        this.providers = new BoundedNames(nameCap);
        this.models = new BoundedNames(nameCap);
    }

    /** The provider tag for {@code provider}: the name itself, or {@code other} past the cap. */
    public String provider(String provider) {
        return providers.bound(provider);
    }

    /** The model tag for {@code model}: the name itself, or {@code other} past the cap. */
    public String model(String model) {
        return models.bound(model);
    }

    /** Records one finished request. Provider and model must already be bounded tags. */
    void request(WireProtocol ingress, String provider, String model, String scenario, Outcome outcome, long nanos) {
        requestTimers
                .computeIfAbsent(
                        new RequestKey(ingress, provider, model, scenario, outcome),
                        k -> timer(REQUESTS, k)
                                .tag(TAG_OUTCOME, k.outcome().tag())
                                .description("Requests through the router, end to end")
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one request's time to first byte. Provider and model must already be bounded tags. */
    void ttft(WireProtocol ingress, String provider, String model, String scenario, long nanos) {
        ttftTimers
                .computeIfAbsent(
                        new RequestKey(ingress, provider, model, scenario, Outcome.OK),
                        k -> timer(TTFT, k)
                                .description("Time from the request's arrival to the first byte sent to the client")
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Adds a served answer's tokens. Provider and model must already be bounded tags. */
    void tokens(String provider, String model, Usage usage) {
        TokenCounters c = tokenCounters.computeIfAbsent(
                new TargetKey(provider, model),
                k -> new TokenCounters(
                        tokenCounter(k, "input"),
                        tokenCounter(k, "output"),
                        tokenCounter(k, "cache_read"),
                        tokenCounter(k, "cache_write")));
        add(c.input(), usage.input());
        add(c.output(), usage.output());
        add(c.cacheRead(), usage.cacheRead());
        add(c.cacheWrite(), usage.cacheWrite());
    }

    /** Counts one upstream call that ended. Provider and model must already be bounded tags. */
    void attempt(String provider, String model, boolean ok) {
        (ok ? attemptsOk : attemptsError)
                .computeIfAbsent(
                        new TargetKey(provider, model),
                        k -> Counter.builder(UPSTREAM_ATTEMPTS)
                                .tag(TAG_PROVIDER, k.provider())
                                .tag(TAG_MODEL, k.model())
                                .tag(TAG_RESULT, ok ? "ok" : "error")
                                .description("Upstream calls, by whether they answered")
                                .register(registry))
                .increment();
    }

    /** Counts a retry on the same target. Provider and model must already be bounded tags. */
    void retry(String provider, String model) {
        targetCounter(retries, UPSTREAM_RETRIES, "Upstream calls repeated on the same target", provider, model)
                .increment();
    }

    /** Counts a move to the next target. Provider and model (the target given up) must be bounded tags. */
    void fallback(String provider, String model) {
        targetCounter(fallbacks, FALLBACKS, "Requests moved on to their next target", provider, model)
                .increment();
    }

    /** Counts a skipped unparseable stream event. Provider and model must already be bounded tags. */
    void malformedEvent(String provider, String model) {
        targetCounter(malformed, MALFORMED_EVENTS, "Unparseable upstream stream events skipped", provider, model)
                .increment();
    }

    /** Publishes a monotonic count of dropped request-log lines read from {@code source}. */
    <T> void watchDropped(T source, ToDoubleFunction<T> dropped) {
        FunctionCounter.builder(REQUEST_LOG_DROPPED, source, dropped)
                .description("Request-log lines dropped because the writer fell behind or could not write")
                .register(registry);
    }

    private static Timer.Builder timer(String name, RequestKey k) {
        return Timer.builder(name)
                .tag(TAG_INGRESS, k.ingress().key())
                .tag(TAG_PROVIDER, k.provider())
                .tag(TAG_MODEL, k.model())
                .tag(TAG_SCENARIO, k.scenario())
                .serviceLevelObjectives(BUCKETS);
    }

    private Counter tokenCounter(TargetKey k, String type) {
        return Counter.builder(TOKENS)
                .tag(TAG_PROVIDER, k.provider())
                .tag(TAG_MODEL, k.model())
                .tag(TAG_TYPE, type)
                .description("Tokens by provider, model and type")
                .register(registry);
    }

    private Counter targetCounter(
            Map<TargetKey, Counter> cache, String name, String description, String provider, String model) {
        return cache.computeIfAbsent(
                new TargetKey(provider, model),
                k -> Counter.builder(name)
                        .tag(TAG_PROVIDER, k.provider())
                        .tag(TAG_MODEL, k.model())
                        .description(description)
                        .register(registry));
    }

    private static void add(Counter counter, int amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }

    private record RequestKey(WireProtocol ingress, String provider, String model, String scenario, Outcome outcome) {}

    private record TargetKey(String provider, String model) {}

    private record TokenCounters(Counter input, Counter output, Counter cacheRead, Counter cacheWrite) {}
}
