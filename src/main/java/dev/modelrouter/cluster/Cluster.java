package dev.modelrouter.cluster;

import dev.modelrouter.clients.ClientGate;
import dev.modelrouter.clients.LocalCounts;
import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.model.Usage;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.routing.SessionContexts;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ProviderEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One instance's membership of the cluster: the Redis link and the pieces of state it shares, plus a
 * ticker that connects, notices Redis going and coming back (resynchronising then), and lets
 * breakers whose lease ran out probe.
 */
public final class Cluster implements AutoCloseable {

    /** Gauge: 1 while this instance shares state through Redis, 0 while it serves on local state only. */
    public static final String CONNECTED_METER = "router.cluster.connected";

    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final long TICK_MS = 250;

    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final RedisLink redis;
    private final SharedBreakers breakers;
    private final SharedRests rests;
    private final SharedUsage usage;

    private final SharedSessions sessions;
    private final SharedConfig config;
    private final ClusterSettings settings;
    private final Local local;
    private final MeterRegistry meters;
    private final Gauge connectedGauge;
    private final ScheduledExecutorService ticker;
    /** Usage goes to Redis once a second: 4 ticks. */
    private static final int USAGE_EVERY = 4;

    private volatile boolean wasUp;
    private long ticks;

    /**
     * The instance's local state that cluster mode shares.
     *
     * @param reloader the config and how it changes
     * @param guards circuit breakers
     * @param endpoint key pools
     * @param observer usage
     * @param sessions Claude Code sessions' prompt sizes
     * @param clients the client keys' counts
     */
    public record Local(
            ConfigReloader reloader,
            Guards guards,
            ProviderEndpoint endpoint,
            Observer observer,
            SessionContexts sessions,
            ClientGate clients) {}

    /**
     * Joins the cluster at {@code settings} and connects in the background. Hooks with one listener
     * (key rests, sessions, client counts, admin changes) are set here and reset by {@link #close};
     * breakers and usage come through the {@link ClusterSwitch}, whose listeners stay.
     */
    Cluster(ClusterSettings settings, Local local, MeterRegistry meters) {
        this.settings = settings;
        this.local = local;
        this.meters = meters;
        this.redis = new RedisLink(settings);
        this.breakers = new SharedBreakers(redis, instance);
        this.rests = new SharedRests(redis, instance, local.reloader().live(), local.endpoint());
        this.usage = new SharedUsage(redis, Clock.systemUTC(), meters);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-ticker");
            t.setDaemon(true);
            return t;
        });
        this.sessions = new SharedSessions(redis, instance, local.reloader().live(), ticker);
        sessions.share(local.sessions());
        local.clients().share(new SharedClientCounts(redis, new LocalCounts()));
        this.config = new SharedConfig(redis, instance, local.reloader());
        this.connectedGauge = Gauge.builder(CONNECTED_METER, this, c -> c.connected() ? 1 : 0)
                .description("1 while the instance shares state through Redis, 0 while it serves on local state")
                .register(meters);
        redis.connect();
        ticker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Shares {@code breaker}'s state from now on (called for every breaker, built before or after joining). */
    void watch(CircuitBreaker breaker) {
        breakers.watch(breaker);
    }

    /** A transition of a watched breaker. */
    void transitioned(CircuitBreaker breaker, CircuitBreaker.StateTransition transition) {
        breakers.transitioned(breaker, transition);
    }

    /** One finished request, for the cluster's usage. */
    void recorded(String provider, String model, String client, Usage counted, boolean error) {
        usage.recorded(provider, model, client, counted, error);
    }

    /**
     * A change that leaves this cluster is being put in force: from now on no change another instance
     * sends is adopted (it might turn cluster mode back on), though the leaving change is still published.
     */
    void leaving() {
        config.stopAdopting();
    }

    /** The settings this membership was made with. */
    ClusterSettings settings() {
        return settings;
    }

    private void tick() {
        try {
            redis.connect();
            boolean up = redis.up();
            if (up && !wasUp) {
                LOG.info("cluster: sharing state through Redis (instance {})", instance);
                breakers.resync();
                rests.resync();
            } else if (!up && wasUp) {
                LOG.warn("cluster: Redis unreachable; serving without cluster state");
            }
            wasUp = up;
            breakers.tick(up);
            if (up && ++ticks % USAGE_EVERY == 0) {
                usage.tick();
            }
        } catch (RuntimeException e) {
            LOG.warn("cluster: tick failed", e);
        }
    }

    /** Whether the instance shares state through Redis right now. */
    public boolean connected() {
        return redis.up();
    }

    /** This instance's id in the cluster (random per start), as other instances see it in messages. */
    public String instance() {
        return instance;
    }

    /** The cluster's part of {@code GET /api/status}. */
    public void describe(ObjectNode status) {
        ObjectNode cluster = status.putObject("cluster");
        cluster.put("instance", instance);
        // where, never who: the URL's password stays out
        int port = settings.redis().getPort();
        cluster.put("redis", settings.redis().getHost() + (port > 0 ? ":" + port : ""));
        cluster.put("state", connected() ? "shared" : "serving without cluster state");
        ObjectNode open = cluster.putObject("openElsewhere");
        breakers.openElsewhere().forEach((name, until) -> open.put(name, until));
        ObjectNode changes = cluster.putObject("configResults");
        config.results().forEach(changes::put);
        ArrayNode today = cluster.putArray("usageToday");
        for (SharedUsage.Line line : usage.today()) {
            ObjectNode o = today.addObject()
                    .put("provider", line.provider())
                    .put("model", line.model())
                    .put("client", line.client());
            SharedUsage.MEASURES.forEach(m -> o.put(m, line.counts().getOrDefault(m, 0L)));
        }
    }

    /**
     * Leaves the cluster (at shutdown, or when a reload turns cluster mode off or names another Redis):
     * flushes the last counts, hands every hook back to local state, releases the breakers held open
     * for others and takes the cluster's meters away.
     */
    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            // a tick still running would share (or force breakers open) after the hooks are handed back
            ticker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (redis.up()) {
            // the last tick's counts and the turns of the last batch, so a clean restart loses none
            usage.flush().block(Duration.ofSeconds(2));
            sessions.flush().block(Duration.ofSeconds(2));
        }
        SharedSessions.unshare(local.sessions());
        rests.unshare();
        config.unshare(Duration.ofSeconds(2));
        local.clients().share(new LocalCounts());
        breakers.release();
        usage.unregister();
        meters.remove(connectedGauge);
        redis.close();
    }
}
