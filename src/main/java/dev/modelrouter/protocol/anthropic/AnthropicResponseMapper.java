package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.WireJson;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic {@code message} objects, stop reasons and usage to and from the canonical model. */
final class AnthropicResponseMapper {

    private AnthropicResponseMapper() {}

    static ChatResponse read(JsonNode node) {
        try {
            ObjectNode body = Json.object(node, "message");
            String stopReason = Json.optText(body, "stop_reason", "");
            return new ChatResponse(
                    Json.text(body, "id", ""),
                    Json.text(body, "model", ""),
                    readContent(body),
                    stopReason == null ? StopReason.END_TURN : readStopReason(stopReason),
                    Json.optText(body, "stop_sequence", ""),
                    Json.present(body, "usage") ? readUsage(body.get("usage"), Usage.ZERO) : Usage.ZERO);
        } catch (RouterException e) {
            throw malformed(e);
        }
    }

    static ObjectNode write(ChatResponse response, String model) {
        ObjectNode out = Json.object()
                .put("id", response.id())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        out.set("content", AnthropicContent.writeList(response.content()));
        out.put("stop_reason", writeStopReason(response.stopReason()));
        writeStopSequence(out, response.stopSequence());
        out.set("usage", writeUsage(response.usage()));
        return out;
    }

    /** An upstream that sent something we cannot read is a bad gateway, not a bad client request. */
    static RouterException malformed(RouterException e) {
        if (e.kind() != ErrorKind.INVALID_REQUEST) {
            return e;
        }
        return new RouterException(
                ErrorKind.BAD_GATEWAY,
                ErrorKind.BAD_GATEWAY.status(),
                "malformed upstream answer: " + e.getMessage(),
                null,
                e);
    }

    private static List<Content> readContent(ObjectNode body) {
        return Json.present(body, "content") ? AnthropicContent.readList(body.get("content"), "content") : List.of();
    }

    static StopReason readStopReason(String value) {
        switch (value) {
            case "end_turn":
                return StopReason.END_TURN;
            case "max_tokens":
                return StopReason.MAX_TOKENS;
            case "stop_sequence":
                return StopReason.STOP_SEQUENCE;
            case "tool_use":
                return StopReason.TOOL_USE;
            case "pause_turn":
                return StopReason.PAUSE_TURN;
            case "refusal":
                return StopReason.REFUSAL;
            case "model_context_window_exceeded":
                return StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED;
            default:
                // A stop reason newer than this codec still ends the turn.
                return StopReason.END_TURN;
        }
    }

    static String writeStopReason(StopReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    static void writeStopSequence(ObjectNode out, @Nullable String stopSequence) {
        if (stopSequence == null) {
            out.putNull("stop_sequence");
        } else {
            out.put("stop_sequence", stopSequence);
        }
    }

    /**
     * Reads a usage object over {@code base}: fields present overwrite, absent ones keep the base
     * value, as {@code message_delta}'s cumulative usage requires.
     */
    static Usage readUsage(JsonNode usage, Usage base) {
        return new Usage(
                pick(usage, "input_tokens", base.input()),
                pick(usage, "output_tokens", base.output()),
                pick(usage, "cache_read_input_tokens", base.cacheRead()),
                pick(usage, "cache_creation_input_tokens", base.cacheWrite()));
    }

    private static int pick(JsonNode usage, String field, int base) {
        JsonNode value = usage.get(field);
        return value != null && value.isNumber() ? WireJson.saturatedInt(value) : base;
    }

    static ObjectNode writeUsage(Usage usage) {
        return Json.object()
                .put("input_tokens", usage.input())
                .put("cache_creation_input_tokens", usage.cacheWrite())
                .put("cache_read_input_tokens", usage.cacheRead())
                .put("output_tokens", usage.output());
    }
}
