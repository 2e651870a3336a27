package dev.modelrouter.cluster;

import dev.modelrouter.config.RouterConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode as the config in force says: off, or a {@link Cluster} at its Redis. Read at start and
 * again after every reload, so turning cluster mode on or off or moving it to another Redis needs no
 * restart. The old membership is left (its last counts flushed, its hooks handed back to local state)
 * before the new one joins. A config that never names a Redis builds nothing of cluster mode.
 */
public final class ClusterSwitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSwitch.class);

    private final Cluster.Local local;
    private final MeterRegistry meters;
    private final Map<String, String> env;
    /** Reloads come on the reloader's thread under its lock; joining and leaving happen here instead. */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cluster-switch");
        t.setDaemon(true);
        return t;
    });

    private volatile @Nullable Cluster current;
    private boolean hooked;
    private boolean closed;

    /**
     * Cluster mode as {@code local}'s config says, following its reloads from now on.
     *
     * @param env where {@value ClusterSettings#ENV} is read
     * @throws IllegalArgumentException when the config at start names something other than a Redis URL
     */
    public ClusterSwitch(Cluster.Local local, MeterRegistry meters, Map<String, String> env) {
        this.local = local;
        this.meters = meters;
        this.env = Map.copyOf(env);
        follow(local.reloader().live().current());
        local.reloader().live().onChange(config -> {
            leaving(config);
            worker.execute(this::followReload);
        });
    }

    /** The membership in force, {@code null} while cluster mode is off. */
    public @Nullable Cluster current() {
        return current;
    }

    /**
     * On the reloading thread, under its lock, as {@code config} goes in force: when it leaves the current
     * cluster, that cluster adopts no more changes from the others from this moment on. Left to the
     * worker, a change another instance published meanwhile could be adopted after this one and turn
     * cluster mode back on (or back to the old Redis) behind the operator's back.
     */
    private void leaving(RouterConfig config) {
        Cluster c = current;
        if (c == null) {
            return;
        }
        try {
            if (!Objects.equals(ClusterSettings.from(config.raw(), env), c.settings())) {
                c.leaving();
            }
        } catch (RuntimeException e) {
            // a config naming no valid Redis is refused by the reloader's check before it goes in force
        }
    }

    private void followReload() {
        try {
            // the change's other listeners first: its own publishing must go out before the link closes
            local.reloader().awaitSettled();
            // the config in force now, not the one that queued this: a later change may have overtaken it
            follow(local.reloader().live().current());
        } catch (RuntimeException e) {
            // the reloader's check refuses such a config; this is the last line, never a dead worker
            LOG.warn("cluster: settings of the reloaded config not applied: {}", e.getMessage());
        }
    }

    private synchronized void follow(RouterConfig config) {
        ClusterSettings next = ClusterSettings.from(config.raw(), env);
        Cluster old = current;
        if (closed || Objects.equals(next, old == null ? null : old.settings())) {
            return;
        }
        if (old != null) {
            current = null;
            old.close();
            LOG.info("cluster: left the cluster at {}", old.settings().redis().getHost());
        }
        if (next != null) {
            hook();
            Cluster joined = new Cluster(next, local, meters);
            current = joined;
            local.guards().forEachBreaker(joined::watch);
        }
    }

    /**
     * The listeners that cannot be taken off again (a breaker's, the registry's, the usage ledger's),
     * added once, the first time cluster mode is on, and passing to whichever membership is current.
     */
    private void hook() {
        if (hooked) {
            return;
        }
        hooked = true;
        local.guards().forEachBreaker(this::built);
        local.guards().onCreated(this::built);
        local.observer().onUsage((provider, model, client, usage, error) -> {
            Cluster c = current;
            if (c != null) {
                c.recorded(provider, model, client, usage, error);
            }
        });
    }

    private void built(CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(e -> {
            Cluster c = current;
            if (c != null) {
                c.transitioned(breaker, e.getStateTransition());
            }
        });
        Cluster c = current;
        if (c != null) {
            c.watch(breaker);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        worker.shutdownNow();
        Cluster c = current;
        current = null;
        if (c != null) {
            c.close();
        }
    }
}
