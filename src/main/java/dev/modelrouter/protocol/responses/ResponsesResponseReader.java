package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Responses {@code response} object → canonical answer; also the item, usage and status readers the
 * stream reader shares. Output items other than reasoning, messages and function calls (server tool
 * calls such as {@code web_search_call}) are dropped: their results already show in the message text.
 */
final class ResponsesResponseReader {

    private ResponsesResponseReader() {}

    static ChatResponse read(JsonNode body, ToolNames names) {
        if (!body.isObject()) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream answer is not a JSON object");
        }
        String status = WireJson.text(body, "status");
        JsonNode error = WireJson.field(body, "error");
        if (error != null && (status == null || status.equals("failed"))) {
            throw ResponsesErrors.of(error, "upstream error");
        }
        String upstreamId = WireJson.text(body, "id");
        String responseId = upstreamId == null ? "" : upstreamId;
        List<Content> content = new ArrayList<>();
        boolean sawToolCall = false;
        boolean sawRefusal = false;
        JsonNode output = body.path("output");
        for (int i = 0; i < output.size(); i++) {
            JsonNode item = output.get(i);
            String type = WireJson.text(item, "type");
            if ("reasoning".equals(type)) {
                Content.Thinking thinking = thinking(item);
                if (thinking != null) {
                    content.add(thinking);
                }
            } else if ("message".equals(type)) {
                StringBuilder text = new StringBuilder();
                sawRefusal |= messageText(item, text);
                if (text.length() > 0) {
                    content.add(Content.Text.of(text.toString()));
                }
            } else if ("function_call".equals(type)) {
                sawToolCall = true;
                content.add(new Content.ToolUse(
                        callId(item, responseId, i),
                        names.original(nonNull(WireJson.text(item, "name"))),
                        arguments(nonNull(WireJson.text(item, "arguments"))),
                        null));
            }
        }
        String model = WireJson.text(body, "model");
        return new ChatResponse(
                "msg_" + responseId,
                model == null ? "" : model,
                content,
                stopReason(body, sawToolCall, sawRefusal),
                null,
                usage(WireJson.field(body, "usage")));
    }

    /**
     * Why the response ended; throws for a {@code failed} or {@code cancelled} one.
     *
     * @param response the {@code response} object
     * @param sawToolCall whether any function call came back
     * @param sawRefusal whether the model refused
     */
    static StopReason stopReason(JsonNode response, boolean sawToolCall, boolean sawRefusal) {
        String status = WireJson.text(response, "status");
        if ("failed".equals(status)) {
            throw ResponsesErrors.of(WireJson.field(response, "error"), "upstream response failed");
        }
        if ("cancelled".equals(status)) {
            throw new RouterException(ErrorKind.API, "upstream response was cancelled");
        }
        if ("incomplete".equals(status)) {
            String reason = WireJson.text(WireJson.field(response, "incomplete_details"), "reason");
            if ("max_output_tokens".equals(reason)) {
                return StopReason.MAX_TOKENS;
            }
            if ("content_filter".equals(reason)) {
                return StopReason.REFUSAL;
            }
        }
        if (sawToolCall) {
            return StopReason.TOOL_USE;
        }
        return sawRefusal ? StopReason.REFUSAL : StopReason.END_TURN;
    }

    /** {@code input_tokens} include the cached ones; the canonical {@code input} does not. */
    static Usage usage(@Nullable JsonNode usage) {
        if (usage == null) {
            return Usage.ZERO;
        }
        int cached = WireJson.integer(WireJson.field(usage, "input_tokens_details"), "cached_tokens");
        int input = Math.max(0, WireJson.integer(usage, "input_tokens") - cached);
        return new Usage(input, WireJson.integer(usage, "output_tokens"), cached, 0);
    }

    /** A reasoning item as thinking, or {@code null} when it has neither text nor encrypted content. */
    static Content.@Nullable Thinking thinking(JsonNode item) {
        String text = reasoningText(item);
        String signature = signature(item);
        if (text.isEmpty() && signature == null) {
            return null;
        }
        return new Content.Thinking(text, signature != null ? signature : SignatureCarrier.NONE);
    }

    /** The summary texts, or the raw reasoning texts (gpt-oss, Ollama) when there is no summary. */
    static String reasoningText(JsonNode item) {
        String summary = joinTexts(item.path("summary"), "summary_text");
        return summary.isEmpty() ? joinTexts(item.path("content"), "reasoning_text") : summary;
    }

    /** The signature carrying a reasoning item's encrypted content, or {@code null} when it has none. */
    static @Nullable String signature(JsonNode item) {
        String encrypted = WireJson.text(item, "encrypted_content");
        if (encrypted == null || encrypted.isEmpty()) {
            return null;
        }
        return new ReasoningSignature(WireJson.text(item, "id"), encrypted).encode();
    }

    /** Appends a message item's text and refusals; returns whether it held a refusal. */
    static boolean messageText(JsonNode item, StringBuilder text) {
        boolean refusal = false;
        for (JsonNode part : item.path("content")) {
            String type = WireJson.text(part, "type");
            if ("output_text".equals(type)) {
                text.append(nonNull(WireJson.text(part, "text")));
            } else if ("refusal".equals(type)) {
                refusal = true;
                text.append(nonNull(WireJson.text(part, "refusal")));
            }
        }
        return refusal;
    }

    /** A function call's canonical id: its {@code call_id} made valid, or a stable generated one. */
    static String callId(JsonNode item, String responseId, int position) {
        String callId = WireJson.text(item, "call_id");
        if (callId == null || callId.isEmpty()) {
            callId = WireJson.text(item, "id");
        }
        return callId == null || callId.isEmpty()
                ? ToolCallIds.generated("call_", responseId, position)
                : ToolCallIds.sanitize(callId);
    }

    /** Arguments text as an object: blank or unparseable is {@code {}}. */
    static ObjectNode arguments(String text) {
        JsonNode parsed = text.isBlank() ? null : WireJson.tryParse(text);
        return parsed != null && parsed.isObject() ? (ObjectNode) parsed : WireJson.object();
    }

    private static String joinTexts(JsonNode parts, String type) {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            String text = WireJson.text(part, "text");
            String partType = WireJson.text(part, "type");
            if (text != null && !text.isEmpty() && (partType == null || partType.equals(type))) {
                texts.add(text);
            }
        }
        return String.join("\n\n", texts);
    }

    static String nonNull(@Nullable String text) {
        return text == null ? "" : text;
    }
}
