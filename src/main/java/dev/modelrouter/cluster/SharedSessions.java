package dev.modelrouter.cluster;

import dev.modelrouter.routing.SessionContexts;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Claude Code session memory shared between instances: the prompt size of each session's last answered
 * turn (for long-context stickiness). Each turn is published on {@value #CHANNEL} as {@code <instance>
 * <prompt> <session>}, so the session's next turn finds it on whichever instance the load balancer
 * picks, and kept in {@code mr:session:<session>} for {@link #KEPT}, so an instance that starts (or
 * restarts) after the session began reads it there on the session's first turn that reaches it. Last
 * writer wins, as on one instance.
 */
final class SharedSessions {

    static final String CHANNEL = "mr:sessions";
    static final String KEY = "mr:session:";
    /** Long enough for a session left for lunch or overnight; a single instance keeps its 1,000 latest. */
    static final Duration KEPT = Duration.ofHours(24);

    private final RedisLink redis;
    private final String instance;

    SharedSessions(RedisLink redis, String instance) {
        this.redis = redis;
        this.instance = instance;
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
        redis.call(r -> r.psetex(KEY + session, KEPT.toMillis(), String.valueOf(prompt)))
                .subscribe();
        redis.publish(CHANNEL, instance + " " + prompt + " " + session);
    }

    /** The session's last prompt as kept in Redis, 0 when Redis has none, empty when Redis did not answer. */
    private Mono<Integer> lookup(String session) {
        return redis.call(r -> r.get(KEY + session).map(Integer::parseInt).defaultIfEmpty(0));
    }

    private void received(SessionContexts sessions, String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length == 3 && !instance.equals(parts[0])) {
            sessions.remember(parts[2], Integer.parseInt(parts[1]));
        }
    }
}
