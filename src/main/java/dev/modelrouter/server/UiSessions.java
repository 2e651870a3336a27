package dev.modelrouter.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's credentials, in memory only. {@code router ui} asks (with the admin token) for a login
 * code, which goes to the browser in the link and opens one session; the code works once and for a
 * short while, so a link left in a terminal's scroll-back or a browser's history opens nothing. A
 * session is a random id in an HttpOnly cookie; a daemon restart ends every session. Both sets are
 * bounded, the oldest entry going first, so that no caller can grow the daemon's memory.
 */
final class UiSessions {

    /** The session cookie's name. */
    static final String COOKIE = "router_ui";

    static final Duration CODE_LIFETIME = Duration.ofMinutes(2);
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    private static final int MAX_CODES = 16;
    private static final int MAX_SESSIONS = 32;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Instant> codes = new LinkedHashMap<>();
    private final Map<String, Instant> sessions = new LinkedHashMap<>();

    UiSessions(Clock clock) {
        this.clock = clock;
    }

    /** A fresh one-time login code. */
    synchronized String newCode() {
        return put(codes, MAX_CODES, CODE_LIFETIME);
    }

    /** A new session id for {@code code}, which is spent; {@code null} when the code is unknown, spent or stale. */
    synchronized @Nullable String redeem(@Nullable String code) {
        if (code == null || !live(codes.remove(code))) {
            return null;
        }
        return put(sessions, MAX_SESSIONS, SESSION_LIFETIME);
    }

    /** Whether {@code session} is a live session id. */
    synchronized boolean valid(@Nullable String session) {
        return session != null && live(sessions.get(session));
    }

    private boolean live(@Nullable Instant expires) {
        return expires != null && clock.instant().isBefore(expires);
    }

    private String put(Map<String, Instant> into, int max, Duration lifetime) {
        Instant now = clock.instant();
        into.values().removeIf(expires -> !now.isBefore(expires));
        Iterator<String> oldest = into.keySet().iterator();
        while (into.size() >= max && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        into.put(id, now.plus(lifetime));
        return id;
    }
}
