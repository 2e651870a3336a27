package dev.modelrouter.cluster;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connection an instance keeps to the cluster's Redis, plus one for pub/sub and one for batches
 * written in one go (see {@link #pipeline}). Every command
 * has the configured timeout and passes a breaker of its own, and a failure of either becomes an
 * empty answer: a caller goes on with its local state and never sees a Redis error. It connects in
 * the background and again after Redis went away, so an instance starts and serves without Redis.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    /** How soon after a lost connection Lettuce tries again: Redis back means shared state back within seconds. */
    private static final Duration RECONNECT = Duration.ofMillis(500);

    /** Keys per {@code SCAN} step: a short step for Redis, few round trips for us. */
    private static final int SCAN_BATCH = 200;

    private final ClusterSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final CircuitBreaker breaker;
    private final Map<String, BiConsumer<String, String>> channels = new ConcurrentHashMap<>();
    private volatile @Nullable StatefulRedisConnection<String, String> connection;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    /** Commands on it are not flushed one by one: {@link #pipeline} writes a whole batch at once. */
    private volatile @Nullable StatefulRedisConnection<String, String> batches;

    private volatile boolean connecting;
    private volatile boolean closed;

    RedisLink(ClusterSettings settings) {
        this.settings = settings;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.constant(RECONNECT))
                // Lettuce records every command's latency in a histogram when HdrHistogram is on the
                // class path (Micrometer brings it); nothing reads those, and each command paid for them
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .build();
        this.client = RedisClient.create(resources, RedisURI.create(settings.redis()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .build());
        this.breaker = CircuitBreaker.of(
                "redis",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(1))
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .permittedNumberOfCallsInHalfOpenState(3)
                        .build());
    }

    /** Subscribes {@code handler(channel, message)} to {@code channel}, now or once connected. */
    void subscribe(String channel, BiConsumer<String, String> handler) {
        channels.put(channel, handler);
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (p != null) {
            p.async().subscribe(channel);
        }
    }

    /**
     * Connects when not connected and not already trying; the ticker calls it. Lettuce itself
     * reconnects a connection that was once made.
     */
    void connect() {
        if (closed || connecting || connection != null) {
            return;
        }
        connecting = true;
        RedisURI uri = RedisURI.create(settings.redis());
        uri.setTimeout(Duration.ofSeconds(2));
        client.connectAsync(StringCodec.UTF8, uri)
                .thenCompose(c -> {
                    connection = c;
                    return client.connectAsync(StringCodec.UTF8, uri);
                })
                .thenCompose(b -> {
                    b.setAutoFlushCommands(false);
                    batches = b;
                    return client.connectPubSubAsync(StringCodec.UTF8, uri);
                })
                .whenComplete((p, e) -> {
                    connecting = false;
                    if (e != null) {
                        LOG.debug(
                                "cluster: Redis at {} not reachable: {}",
                                settings.redis().getHost(),
                                e.toString());
                        return;
                    }
                    p.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            BiConsumer<String, String> handler = channels.get(channel);
                            if (handler != null) {
                                handler.accept(channel, message);
                            }
                        }
                    });
                    if (!channels.isEmpty()) {
                        p.async().subscribe(channels.keySet().toArray(String[]::new));
                    }
                    pubsub = p;
                    LOG.info(
                            "cluster: connected to Redis at {}:{}",
                            settings.redis().getHost(),
                            settings.redis().getPort());
                });
    }

    /** Whether commands reach Redis now: connected, subscribed, and its breaker not open. */
    boolean up() {
        StatefulRedisConnection<String, String> c = connection;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        StatefulRedisConnection<String, String> b = batches;
        return c != null
                && c.isOpen()
                && p != null
                && p.isOpen()
                && b != null
                && b.isOpen()
                && breaker.getState() != CircuitBreaker.State.OPEN;
    }

    /**
     * Runs {@code command} with the timeout and through the breaker; empty when Redis is not connected,
     * the breaker is open, or the command failed or took too long.
     */
    <T> Mono<T> call(Function<RedisReactiveCommands<String, String>, Mono<T>> command) {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null || !c.isOpen()) {
            return Mono.empty();
        }
        return guarded(Mono.defer(() -> command.apply(c.reactive())));
    }

    /**
     * Writes the commands {@code batch} issues in one go (one write, one flush) on the batch connection,
     * with the timeout and through the breaker like {@link #call}: for writes many callers' worth of which
     * are gathered first, so Redis and this instance handle one batch rather than a command per caller.
     * Emits whether Redis took them all; {@code false} when not connected, the breaker is open, or a
     * command failed or took too long. Only one batch is written at a time.
     */
    Mono<Boolean> pipeline(Function<RedisAsyncCommands<String, String>, List<RedisFuture<?>>> batch) {
        StatefulRedisConnection<String, String> b = batches;
        if (b == null || !b.isOpen()) {
            return Mono.just(false);
        }
        return guarded(Mono.defer(() -> {
                            List<RedisFuture<?>> sent;
                            synchronized (b) {
                                sent = batch.apply(b.async());
                                b.flushCommands();
                            }
                            return Mono.fromCompletionStage(CompletableFuture.allOf(sent.stream()
                                    .map(RedisFuture::toCompletableFuture)
                                    .toArray(CompletableFuture[]::new)));
                        })
                        .thenReturn(true))
                .defaultIfEmpty(false);
    }

    private <T> Mono<T> guarded(Mono<T> command) {
        return command.timeout(settings.commandTimeout())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(e -> {
                    LOG.debug("cluster: Redis command failed: {}", e.toString());
                    return Mono.empty();
                });
    }

    /**
     * The keys starting with {@code prefix}, read a batch at a time with {@code SCAN}: unlike
     * {@code KEYS}, it never holds Redis up for the other instances while it walks the keyspace.
     */
    static Flux<String> scan(RedisReactiveCommands<String, String> r, String prefix) {
        return ScanStream.scan(r, ScanArgs.Builder.matches(prefix + "*").limit(SCAN_BATCH));
    }

    /** Publishes {@code message} on {@code channel}, fire and forget. */
    void publish(String channel, String message) {
        publishing(channel, message);
    }

    /** Publishes {@code message} on {@code channel}; completes once Redis took it or it failed (never exceptionally). */
    CompletableFuture<?> publishing(String channel, String message) {
        return call(r -> r.publish(channel, message)).toFuture();
    }

    @Override
    public void close() {
        closed = true;
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        StatefulRedisConnection<String, String> c = connection;
        StatefulRedisConnection<String, String> b = batches;
        if (p != null) {
            p.closeAsync();
        }
        if (b != null) {
            b.closeAsync();
        }
        if (c != null) {
            c.closeAsync();
        }
        client.shutdownAsync(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
