package dev.modelrouter.observe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Claude Code sessions answered lately, for the web UI: per session, when it was first and last
 * seen, its requests, the targets that served it, its tokens and its last answer's speed. Bounded:
 * the {@link #CAPACITY} sessions answered last, each with at most {@link #MAX_MODELS} targets.
 */
public final class RecentSessions {

    static final int CAPACITY = 200;
    static final int MAX_MODELS = 8;

    /**
     * One session.
     *
     * @param id Claude Code's session id
     * @param first when its first request here arrived
     * @param last when its last request arrived
     * @param requests requests finished
     * @param errors those that ended in an error
     * @param models the targets ({@code provider,model}) that served it, first used first
     * @param input prompt tokens (fresh, cache reads and writes)
     * @param output tokens produced
     * @param tokensPerSecond the last streamed answer's output tokens per second, or 0 when none
     * @param ttftMs the last streamed answer's time to first byte, or -1 when none
     */
    public record Session(
            String id,
            Instant first,
            Instant last,
            long requests,
            long errors,
            List<String> models,
            long input,
            long output,
            double tokensPerSecond,
            long ttftMs) {}

    private final Map<String, Session> sessions = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Adds a finished request of {@code session}, served by {@code target} (null when none was). */
    void record(String session, RequestRecord r, @Nullable String target) {
        long in = (long) r.usage().input() + r.usage().cacheRead() + r.usage().cacheWrite();
        boolean error = r.outcome().isError();
        boolean timed = r.usage().output() > 0 && r.ttftNanos() >= 0 && r.latencyNanos() > 0;
        synchronized (sessions) {
            Session old = sessions.remove(session);
            Set<String> models = new LinkedHashSet<>(old == null ? List.of() : old.models());
            if (target != null && models.size() < MAX_MODELS) {
                models.add(target);
            }
            sessions.put(
                    session,
                    new Session(
                            session,
                            old == null ? r.time() : old.first(),
                            r.time(),
                            (old == null ? 0 : old.requests()) + 1,
                            (old == null ? 0 : old.errors()) + (error ? 1 : 0),
                            List.copyOf(models),
                            (old == null ? 0 : old.input()) + in,
                            (old == null ? 0 : old.output()) + r.usage().output(),
                            timed
                                    ? r.usage().output() / (Math.max(r.latencyNanos(), 1_000_000L) / 1e9)
                                    : old == null ? 0 : old.tokensPerSecond(),
                            timed ? r.ttftNanos() / 1_000_000 : old == null ? -1 : old.ttftMs()));
        }
    }

    /** Up to {@code limit} sessions, the one answered last first. */
    public List<Session> latest(int limit) {
        List<Session> out;
        synchronized (sessions) {
            out = new ArrayList<>(sessions.values());
        }
        List<Session> reversed = new ArrayList<>(Math.min(limit, out.size()));
        for (int i = out.size() - 1; i >= 0 && reversed.size() < limit; i--) {
            reversed.add(out.get(i));
        }
        return reversed;
    }
}
