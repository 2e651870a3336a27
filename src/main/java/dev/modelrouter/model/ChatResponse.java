package dev.modelrouter.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A complete (non-streamed) answer.
 *
 * @param id the answer's id
 * @param model the model that answered, as its provider named it; the client protocol decides whether the
 *     client is told this name or the one it asked for
 * @param content the answer's blocks, in order
 * @param stopReason why the model stopped
 * @param stopSequence the stop sequence that ended it, when {@code stopReason} is {@link StopReason#STOP_SEQUENCE}
 * @param usage token counts
 */
public record ChatResponse(
        String id,
        String model,
        List<Content> content,
        StopReason stopReason,
        @Nullable String stopSequence,
        Usage usage) {

    public ChatResponse {
        content = List.copyOf(content);
    }
}
