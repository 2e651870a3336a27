package dev.modelrouter.model;

/**
 * Token counts of one exchange, in Anthropic's convention: {@code input} excludes cached tokens, so
 * the whole prompt is {@code input + cacheRead + cacheWrite}; {@code output} includes reasoning.
 *
 * @param input prompt tokens read fresh
 * @param output tokens produced
 * @param cacheRead prompt tokens served from the cache
 * @param cacheWrite prompt tokens written to the cache
 */
public record Usage(int input, int output, int cacheRead, int cacheWrite) {

    /** All zero. */
    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    /** The whole prompt: fresh, cached and cache-written tokens. */
    public int promptTotal() {
        return input + cacheRead + cacheWrite;
    }

    /** Field-wise sum, for answers spliced from several attempts. */
    public Usage plus(Usage other) {
        return new Usage(
                input + other.input, output + other.output, cacheRead + other.cacheRead, cacheWrite + other.cacheWrite);
    }
}
