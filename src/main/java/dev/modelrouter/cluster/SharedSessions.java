package dev.modelrouter.cluster;

import dev.modelrouter.routing.SessionContexts;

/**
 * Claude Code session memory shared between instances: the prompt size of each session's last answered
 * turn (for long-context stickiness) is published on {@value #CHANNEL} as {@code <instance> <prompt>
 * <session>}, so the session's next turn finds it on whichever instance the load balancer picks.
 * Last writer wins, as on one instance. Not kept in Redis: a session outlives no restart of every
 * instance, as a single instance's memory does not either.
 */
final class SharedSessions {

    static final String CHANNEL = "mr:sessions";

    private final RedisLink redis;
    private final String instance;
    private final SessionContexts sessions;

    SharedSessions(RedisLink redis, String instance, SessionContexts sessions) {
        this.redis = redis;
        this.instance = instance;
        this.sessions = sessions;
        redis.subscribe(CHANNEL, (channel, message) -> received(message));
        sessions.onRecord(this::recorded);
    }

    private void recorded(String session, int prompt) {
        redis.publish(CHANNEL, instance + " " + prompt + " " + session);
    }

    private void received(String message) {
        String[] parts = message.split(" ", 3);
        if (parts.length == 3 && !instance.equals(parts[0])) {
            sessions.remember(parts[2], Integer.parseInt(parts[1]));
        }
    }
}
