package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Gemini {@code finishReason} ↔ canonical stop reasons (protocols.md 5.3). */
final class FinishReasons {

    private static final Set<String> REFUSALS = Set.of(
            "SAFETY",
            "RECITATION",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION");

    // The model broke the tool protocol; another attempt usually succeeds, so these are errors, not stops.
    private static final Set<String> FAILURES =
            Set.of("MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS");

    private FinishReasons() {}

    /**
     * The stop reason of a finished candidate. Gemini says {@code STOP} for function calls too
     * (https://github.com/envoyproxy/ai-gateway/pull/2399), so seen calls decide.
     *
     * @throws RouterException for the finish reasons that mean a failed tool call
     */
    static StopReason read(String finishReason, boolean sawFunctionCall, @Nullable String finishMessage) {
        if (FAILURES.contains(finishReason)) {
            throw new RouterException(
                    ErrorKind.API,
                    "upstream finished with " + finishReason
                            + (finishMessage == null || finishMessage.isBlank() ? "" : ": " + finishMessage.strip()));
        }
        if (REFUSALS.contains(finishReason)) {
            return StopReason.REFUSAL;
        }
        if (sawFunctionCall) {
            return StopReason.TOOL_USE;
        }
        return finishReason.equals("MAX_TOKENS") ? StopReason.MAX_TOKENS : StopReason.END_TURN;
    }

    /** The {@code finishReason} to show a Gemini client. */
    static String write(StopReason reason) {
        return switch (reason) {
            case END_TURN, TOOL_USE, STOP_SEQUENCE, PAUSE_TURN -> "STOP";
            case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> "MAX_TOKENS";
            case REFUSAL -> "SAFETY";
        };
    }
}
