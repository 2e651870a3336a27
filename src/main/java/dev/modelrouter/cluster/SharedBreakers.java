package dev.modelrouter.cluster;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Circuit breakers (per provider and model) shared between instances. When one instance's breaker
 * opens on its own failures, it takes the breaker's probe lease in Redis ({@code SET NX PX}) and
 * publishes the opening; every other instance forces its breaker of that name open until the lease
 * holder publishes that its probe succeeded. So an outage seen by one instance stops all of them
 * within a pub/sub round trip, and only the lease holder sends recovery probes. A lease that expires
 * (its holder died or got no traffic) is taken by the next instance whose forced-open breaker is due,
 * which then probes once itself. Without Redis, a forced-open breaker lets its own probe through when
 * its lease runs out: local state, as a single instance has.
 *
 * <p>Message format on {@value #CHANNEL}: {@code open <instance> <leaseMs> <name>} and
 * {@code closed <instance> <name>}; the name (which may hold spaces) comes last.
 */
final class SharedBreakers {

    static final String CHANNEL = "mr:breakers";
    static final String KEY = "mr:cb:";
    private static final int KNOWN_CAPACITY = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(SharedBreakers.class);

    private final RedisLink redis;
    private final String instance;
    /** Most recently built breakers by name, bounded as Guards bounds breakers of unlisted models. */
    private final Map<String, CircuitBreaker> known = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CircuitBreaker> eldest) {
            return size() > KNOWN_CAPACITY;
        }
    });
    /** Breakers another instance opened, with the epoch millisecond their lease runs out. */
    private final Map<String, Long> openElsewhere = new ConcurrentHashMap<>();
    /**
     * Set when leaving the cluster: a message or resync answer still arriving then forces nothing open
     * (guarded by {@code this}, as are the forcings it stops).
     */
    private boolean released;

    SharedBreakers(RedisLink redis, String instance) {
        this.redis = redis;
        this.instance = instance;
        redis.subscribe(CHANNEL, (channel, message) -> received(message));
    }

    /**
     * Watches a breaker, forcing it open at once when another instance holds it open. Its transitions
     * come through {@link #transitioned}: a breaker's listeners cannot be taken off again, so the
     * {@link ClusterSwitch} adds one per breaker for every cluster it joins.
     */
    synchronized void watch(CircuitBreaker breaker) {
        if (released) {
            return;
        }
        known.put(breaker.getName(), breaker);
        Long until = openElsewhere.get(breaker.getName());
        if (until != null && until > System.currentTimeMillis()) {
            breaker.transitionToForcedOpenState();
        }
    }

    /** What {@code breaker}'s own calls decided: an opening to share, or a recovery to announce. */
    void transitioned(CircuitBreaker breaker, CircuitBreaker.StateTransition t) {
        // our own forced transitions are not news; only what the breaker's calls decided is
        if (t.getFromState() == State.FORCED_OPEN || t.getToState() == State.FORCED_OPEN) {
            return;
        }
        if (t.getToState() == State.OPEN) {
            opened(breaker);
        } else if (t.getFromState() == State.HALF_OPEN && t.getToState() == State.CLOSED) {
            String name = breaker.getName();
            redis.call(r -> r.get(KEY + name).filter(instance::equals).flatMap(mine -> r.del(KEY + name)))
                    .subscribe();
            redis.publish(CHANNEL, "closed " + instance + " " + name);
        }
    }

    /** Takes (or renews) the probe lease and tells the others; another instance's lease makes ours forced. */
    private void opened(CircuitBreaker breaker) {
        String name = breaker.getName();
        long lease = lease(breaker).toMillis();
        redis.call(r -> r.set(KEY + name, instance, SetArgs.Builder.nx().px(lease))
                        .switchIfEmpty(Mono.just("taken"))
                        .flatMap(ok -> "OK".equals(ok)
                                ? Mono.just(true)
                                : r.get(KEY + name).map(holder -> {
                                    if (instance.equals(holder)) {
                                        r.pexpire(KEY + name, lease).subscribe();
                                        return true;
                                    }
                                    return false;
                                })))
                .subscribe(mine -> {
                    if (mine) {
                        redis.publish(CHANNEL, "open " + instance + " " + lease + " " + name);
                    } else {
                        redis.call(r -> r.pttl(KEY + name)).subscribe(ttl -> forceOpen(name, Math.max(ttl, 1)));
                    }
                });
    }

    private void received(String message) {
        String[] parts = message.split(" ", 4);
        if (parts.length < 3 || instance.equals(parts[1])) {
            return;
        }
        if ("open".equals(parts[0]) && parts.length == 4) {
            forceOpen(parts[3], Long.parseLong(parts[2]));
        } else if ("closed".equals(parts[0])) {
            String name = message.split(" ", 3)[2];
            openElsewhere.remove(name);
            CircuitBreaker cb = known.get(name);
            if (cb != null && cb.getState() == State.FORCED_OPEN) {
                cb.transitionToClosedState();
            }
        }
    }

    /** Holds {@code name} open for another instance; never once released, or nothing would ever close it again. */
    private synchronized void forceOpen(String name, long leaseMs) {
        if (released) {
            return;
        }
        openElsewhere.put(name, System.currentTimeMillis() + leaseMs);
        CircuitBreaker cb = known.get(name);
        if (cb != null && cb.getState() != State.FORCED_OPEN) {
            LOG.info("cluster: circuit {} opened by another instance", name);
            cb.transitionToForcedOpenState();
        }
    }

    /**
     * For breakers forced open whose lease ran out: take the lease and probe (half-open) or, when
     * another instance took it, wait for its word; without Redis, probe locally.
     */
    void tick(boolean redisUp) {
        long now = System.currentTimeMillis();
        openElsewhere.forEach((name, until) -> {
            if (until > now) {
                return;
            }
            CircuitBreaker cb = known.get(name);
            if (cb == null) {
                openElsewhere.remove(name, until);
                return;
            }
            long lease = lease(cb).toMillis();
            openElsewhere.put(name, now + lease);
            if (!redisUp) {
                openElsewhere.remove(name);
                probe(cb);
                return;
            }
            redis.call(r -> r.set(KEY + name, instance, SetArgs.Builder.nx().px(lease)))
                    .subscribe(ok -> {
                        if ("OK".equals(ok)) {
                            openElsewhere.remove(name);
                            probe(cb);
                        }
                    });
        });
    }

    private static void probe(CircuitBreaker cb) {
        if (cb.getState() == State.FORCED_OPEN) {
            cb.transitionToHalfOpenState();
        }
    }

    /** Reads the leases in Redis (on start, and when Redis is back) so this instance knows what others opened. */
    void resync() {
        redis.call(r -> RedisLink.scan(r, KEY)
                        .flatMap(key -> r.get(key)
                                .zipWith(r.pttl(key))
                                .filter(v -> !instance.equals(v.getT1()) && v.getT2() > 0)
                                .doOnNext(v -> forceOpen(key.substring(KEY.length()), v.getT2())))
                        .then())
                .subscribe();
    }

    /**
     * Leaving the cluster: the breakers held open for other instances go half-open, so this instance
     * judges the provider by its own probe from now on rather than staying forced open for good.
     */
    synchronized void release() {
        released = true;
        openElsewhere.clear();
        synchronized (known) {
            known.values().forEach(SharedBreakers::probe);
        }
    }

    /** Names forced open because another instance holds them open, for status. */
    Map<String, Long> openElsewhere() {
        return new TreeMap<>(openElsewhere);
    }

    /** Twice the open wait: time for the holder to probe once after its wait, and to tell. */
    private static Duration lease(CircuitBreaker breaker) {
        long wait = breaker.getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState()
                .apply(1);
        return Duration.ofMillis(Math.max(1000, wait * 2));
    }
}
