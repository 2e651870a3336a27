package dev.modelrouter.observe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How fast the last answer of each recent Claude Code session came: output tokens per second and time
 * to first token, what ccr's token-speed plugin measures for its status line's {@code speed} module.
 * Kept for the 1,000 most recently answered sessions.
 */
public final class SessionSpeeds {

    static final int CAPACITY = 1000;

    /**
     * One answer's speed.
     *
     * @param tokensPerSecond output tokens per second of generation: from the first byte to the last of a
     *     stream, from the request to the answer when it came in one piece
     * @param timeToFirstTokenMillis from the request to the answer's first byte
     * @param at when the answer ended
     */
    public record Speed(double tokensPerSecond, long timeToFirstTokenMillis, Instant at) {}

    private final Map<String, Speed> last = new LinkedHashMap<>(64, 0.75f, true) {
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
        long streaming = totalNanos - ttftNanos;
        // an answer in one piece has no stream to time: its generation is hidden in the time to first byte
        long generation = streaming * 10 >= totalNanos ? streaming : totalNanos;
        double perSecond = outputTokens / (Math.max(generation, 1_000_000L) / 1e9);
        Speed speed = new Speed(perSecond, ttftNanos / 1_000_000, at);
        synchronized (last) {
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
