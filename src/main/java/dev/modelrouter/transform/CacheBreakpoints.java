package dev.modelrouter.transform;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries a request's cache breakpoints across the OpenAI Chat encoding, which drops them, for OpenRouter's
 * Claude models: it accepts {@code cache_control} on text parts
 * (https://openrouter.ai/docs/features/prompt-caching). {@link #collect} lists each breakpoint as its
 * block's role and text (or a tool result's call id); {@link #apply} finds those texts in the encoded
 * messages, in order, and marks them, splitting a merged text where the block ended.
 */
final class CacheBreakpoints {

    private static final String SEPARATOR = "\n\n";

    private CacheBreakpoints() {}

    /** The request's breakpoints in conversation order, or an empty array. */
    static ArrayNode collect(ChatRequest request) {
        ArrayNode out = Json.array();
        for (Content.Text text : request.system()) {
            add(out, "system", text.text(), null, text.cache());
        }
        for (Message message : request.messages()) {
            String role = message.role().name().toLowerCase(Locale.ROOT);
            for (Content block : message.content()) {
                if (block instanceof Content.Text text) {
                    add(out, role, text.text(), null, text.cache());
                } else if (block instanceof Content.ToolResult result) {
                    add(out, "tool", null, result.toolUseId(), result.cache());
                }
            }
        }
        return out;
    }

    private static void add(
            ArrayNode out, String role, @Nullable String text, @Nullable String toolId, @Nullable CacheControl cache) {
        if (cache == null || (text != null && text.isBlank())) {
            return;
        }
        ObjectNode point = out.addObject();
        point.put("role", role);
        if (text != null) {
            point.put("text", text);
        }
        if (toolId != null) {
            point.put("tool_call_id", toolId);
        }
        if (cache.ttl() != null) {
            point.put("ttl", cache.ttl());
        }
    }

    /** Marks the breakpoints in {@code body}'s OpenAI {@code messages}; those not found are skipped. */
    static void apply(ObjectNode body, JsonNode points) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray()) {
            return;
        }
        int cursor = 0;
        for (JsonNode point : points) {
            for (int m = cursor; m < messages.size(); m++) {
                if (messages.get(m) instanceof ObjectNode message
                        && point.path("role")
                                .asString("")
                                .equals(message.path("role").asString(""))
                        && mark(message, point)) {
                    cursor = m;
                    break;
                }
            }
        }
    }

    private static boolean mark(ObjectNode message, JsonNode point) {
        ObjectNode cache = Json.object().put("type", "ephemeral");
        if (point.has("ttl")) {
            cache.put("ttl", point.path("ttl").asString());
        }
        if (point.has("tool_call_id")) {
            if (!point.path("tool_call_id")
                            .asString("")
                            .equals(message.path("tool_call_id").asString(""))
                    || !message.path("content").isString()) {
                return false;
            }
            ArrayNode parts = Json.array();
            parts.addObject()
                    .put("type", "text")
                    .put("text", message.path("content").stringValue())
                    .set("cache_control", cache);
            message.set("content", parts);
            return true;
        }
        String text = point.path("text").asString("");
        JsonNode content = message.path("content");
        if (content.isString()) {
            if (!content.stringValue().contains(text)) {
                return false;
            }
            ArrayNode parts = Json.array();
            parts.addObject().put("type", "text").put("text", content.stringValue());
            message.set("content", parts);
            content = parts;
        }
        if (!(content instanceof ArrayNode parts)) {
            return false;
        }
        for (int p = 0; p < parts.size(); p++) {
            if (!(parts.get(p) instanceof ObjectNode part)
                    || !"text".equals(part.path("type").asString(""))
                    || part.has("cache_control")) {
                continue;
            }
            String whole = part.path("text").asString("");
            int at = whole.indexOf(text);
            if (at < 0) {
                continue;
            }
            int end = at + text.length();
            String rest = whole.substring(end);
            if (!rest.isEmpty()) {
                part.put("text", whole.substring(0, end));
                ObjectNode tail = Json.object()
                        .put("type", "text")
                        .put("text", rest.startsWith(SEPARATOR) ? rest.substring(SEPARATOR.length()) : rest);
                parts.insert(p + 1, tail);
            }
            part.set("cache_control", cache);
            return true;
        }
        return false;
    }
}
