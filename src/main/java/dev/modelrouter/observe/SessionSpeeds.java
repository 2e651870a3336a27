package dev.modelrouter.observe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How fast the last answer of each recent Claude Code session came: output tokens per second and time
 * to first token, what ccr's token-speed plugin measures for its status line's {@code speed} module.
 * Measured when an answer ends (ccr's plugin also updates it while a stream runs). Kept for the 1,000
 * most recently answered sessions.
 */
public final class SessionSpeeds {

    static final int CAPACITY = 1000;

    /**
     * One answer's speed.
     *
     * @param tokensPerSecond output tokens per second from the request to the answer's last byte, as
     *     ccr's plugin ends its count
     * @param timeToFirstTokenMillis from the request to the answer's first byte
     * @param at when the answer ended
     */
    public record Speed(double tokensPerSecond, long timeToFirstTokenMillis, Instant at) {}

    /** In the order sessions were last answered: reading a speed does not keep a session. */
    private final Map<String, Speed> last = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Speed> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Records an answer of {@code outputTokens} that took {@code totalNanos}, its first byte after
     * {@code ttftNanos}; answers without output or first byte are left out.
     */
    void record(@Nullable String session, int outputTokens, long ttftNanos, long totalNanos, Instant at) {
        if (session == null || outputTokens <= 0 || ttftNanos < 0 || totalNanos <= 0) {
            return;
        }
        double perSecond = outputTokens / (Math.max(totalNanos, 1_000_000L) / 1e9);
        Speed speed = new Speed(perSecond, ttftNanos / 1_000_000, at);
        synchronized (last) {
            last.remove(session);
            last.put(session, speed);
        }
    }

    /** The last answer's speed in {@code session}, if one is known. */
    public Optional<Speed> of(String session) {
        synchronized (last) {
            return Optional.ofNullable(last.get(session));
        }
    }
}
