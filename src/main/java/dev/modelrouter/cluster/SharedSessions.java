package dev.modelrouter.cluster;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.routing.SessionContexts;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * Claude Code session memory shared between instances: the prompt size of each session's last answered
 * turn (for long-context stickiness). Turns are published on {@value #CHANNEL}, one line {@code <instance>
 * <prompt> <session>} per turn, so the session's next turn finds it on whichever instance the load
 * balancer picks, and kept in {@code mr:session:<session>} for {@link #KEPT}, so an instance that starts
 * (or restarts) after the session began reads it there on the session's first turn that reaches it.
 * Last writer wins, as on one instance.
 *
 * <p>A turn costs no Redis command of its own: turns are gathered and written in one batch (a
 * {@code PSETEX} per session and one {@code PUBLISH} for all) at most every {@link #BATCH}; the first
 * turn after a quiet spell and a turn whose prompt crosses the long-context threshold go at once. A
 * turn whose prompt the cluster already has (told by this instance or another) is not written again
 * until {@link #REFRESH}, which keeps its key from expiring.
 */
final class SharedSessions {

    static final String CHANNEL = "mr:sessions";
    static final String KEY = "mr:session:";
    /** Long enough for a session left for lunch or overnight; a single instance keeps its 1,000 latest. */
    static final Duration KEPT = Duration.ofHours(24);
    /** Turns recorded within this of the last batch wait for the next, so a busy instance writes ~20 a second. */
    static final Duration BATCH = Duration.ofMillis(50);
    /** An unchanged prompt is shared again after this, well within {@link #KEPT}. */
    static final Duration REFRESH = Duration.ofMinutes(10);
    /** Sessions whose shared prompt is remembered; past it the stale half goes (and is written again). */
    private static final int SHARED_CAPACITY = 10_000;

    /** The prompt the cluster has for a session, as far as this instance knows, and when it was written. */
    private record Shared(int prompt, long atMs) {}

    private final RedisLink redis;
    private final String instance;
    private final LiveConfig live;
    private final ScheduledExecutorService flusher;
    /** Turns not yet written: the latest prompt per session. */
    private final Map<String, Integer> pending = new ConcurrentHashMap<>();

    private final Map<String, Shared> shared = new ConcurrentHashMap<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastBatchMs;

    /**
     * @param live for the long-context threshold: a turn crossing it is written at once
     * @param flusher the single thread batches are written from
     */
    SharedSessions(RedisLink redis, String instance, LiveConfig live, ScheduledExecutorService flusher) {
        this.redis = redis;
        this.instance = instance;
        this.live = live;
        this.flusher = flusher;
    }

    /** Starts sharing {@code sessions}' turns: publishing and keeping them, hearing the others', asking on a miss. */
    void share(SessionContexts sessions) {
        redis.subscribe(CHANNEL, (channel, message) -> received(sessions, message));
        sessions.onRecord(this::recorded);
        sessions.onMiss(this::lookup);
    }

    /** Stops sharing: {@code sessions} keep what they know, as local state. */
    static void unshare(SessionContexts sessions) {
        sessions.onRecord((session, prompt) -> {});
        sessions.onMiss(null);
    }

    private void recorded(String session, int prompt) {
        long now = System.currentTimeMillis();
        Shared known = shared.get(session);
        if (known != null && known.prompt() == prompt && now - known.atMs() < REFRESH.toMillis()) {
            return;
        }
        pending.put(session, prompt);
        int threshold = live.current().router().longContextThreshold();
        boolean crossing = (prompt > threshold) != ((known == null ? 0 : known.prompt()) > threshold);
        try {
            if (crossing) {
                // the session's next turn routes differently: no instance should wait a batch to know
                flusher.execute(this::write);
            } else if (scheduled.compareAndSet(false, true)) {
                long wait = Math.max(0, lastBatchMs + BATCH.toMillis() - now);
                flusher.schedule(this::write, wait, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException left) {
            // the cluster is being left: the turn stays local, as without cluster mode
        }
    }

    private void write() {
        flush().subscribe();
    }

    /**
     * Writes the turns gathered since the last batch in one go (on the flusher, or when leaving the
     * cluster); emits whether Redis took them, empty when there were none.
     */
    Mono<Boolean> flush() {
        scheduled.set(false);
        long now = System.currentTimeMillis();
        lastBatchMs = now;
        List<Map.Entry<String, Integer>> batch = new ArrayList<>();
        for (String session : pending.keySet()) {
            Integer prompt = pending.remove(session);
            if (prompt != null) {
                batch.add(Map.entry(session, prompt));
            }
        }
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        if (shared.size() > SHARED_CAPACITY) {
            shared.values().removeIf(s -> now - s.atMs() > REFRESH.toMillis() / 2);
        }
        Map<String, Shared> marked = new HashMap<>();
        StringBuilder message = new StringBuilder();
        for (Map.Entry<String, Integer> turn : batch) {
            Shared mark = new Shared(turn.getValue(), now);
            marked.put(turn.getKey(), mark);
            shared.put(turn.getKey(), mark);
            // a line break would split the line; such an id (not Claude Code's) is found in Redis instead
            if (turn.getKey().indexOf('\n') < 0) {
                message.append(message.isEmpty() ? "" : "\n")
                        .append(instance)
                        .append(' ')
                        .append(turn.getValue())
                        .append(' ')
                        .append(turn.getKey());
            }
        }
        return redis.pipeline(r -> {
                    List<RedisFuture<?>> sent = new ArrayList<>(batch.size() + 1);
                    for (Map.Entry<String, Integer> turn : batch) {
                        sent.add(r.psetex(KEY + turn.getKey(), KEPT.toMillis(), String.valueOf(turn.getValue())));
                    }
                    if (!message.isEmpty()) {
                        sent.add(r.publish(CHANNEL, message.toString()));
                    }
                    return sent;
                })
                .doOnNext(written -> {
                    if (!written) {
                        // not in Redis after all: the session's next turn writes it again
                        marked.forEach(shared::remove);
                    }
                });
    }

    /** The session's last prompt as kept in Redis, 0 when Redis has none, empty when Redis did not answer. */
    private Mono<Integer> lookup(String session) {
        return redis.call(r -> r.get(KEY + session).map(Integer::parseInt).defaultIfEmpty(0));
    }

    private void received(SessionContexts sessions, String message) {
        long now = System.currentTimeMillis();
        for (String line : message.split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && !instance.equals(parts[0])) {
                int prompt = Integer.parseInt(parts[1]);
                sessions.remember(parts[2], prompt);
                // the cluster has it now: this instance need not write the same prompt again
                shared.put(parts[2], new Shared(prompt, now));
            }
        }
    }
}
