package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's {@code finish_reason} and the canonical stop reason. Ollama and some OpenAI-compatible
 * servers say {@code stop} although the model called tools
 * (https://github.com/BerriAI/litellm/issues/35663), so seen tool calls decide.
 */
final class FinishReasons {

    private FinishReasons() {}

    /** The stop reason; throws for OpenRouter's {@code error} finish, which is a failure, not an answer. */
    static StopReason read(@Nullable String finishReason, boolean sawToolCall) {
        if ("error".equals(finishReason)) {
            throw new RouterException(ErrorKind.API, "upstream ended the answer with finish_reason \"error\"");
        }
        if (sawToolCall || "tool_calls".equals(finishReason) || "function_call".equals(finishReason)) {
            return StopReason.TOOL_USE;
        }
        if ("length".equals(finishReason)) {
            return StopReason.MAX_TOKENS;
        }
        if ("content_filter".equals(finishReason)) {
            return StopReason.REFUSAL;
        }
        return StopReason.END_TURN;
    }

    static String write(StopReason reason) {
        return switch (reason) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> "stop";
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "length";
            case TOOL_USE -> "tool_calls";
            case REFUSAL -> "content_filter";
        };
    }
}
