package dev.modelrouter.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Output limits and sampling parameters; {@code null} means "not set, use the provider's default".
 *
 * @param maxTokens the most tokens the model may produce (thinking included)
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param topK top-k sampling
 * @param stop sequences that end the answer
 */
public record Sampling(
        @Nullable Integer maxTokens,
        @Nullable Double temperature,
        @Nullable Double topP,
        @Nullable Integer topK,
        List<String> stop) {

    /** Nothing set. */
    public static final Sampling DEFAULT = new Sampling(null, null, null, null, List.of());

    public Sampling {
        stop = List.copyOf(stop);
    }

    /** A copy with another token limit. */
    public Sampling withMaxTokens(@Nullable Integer value) {
        return new Sampling(value, temperature, topP, topK, stop);
    }
}
