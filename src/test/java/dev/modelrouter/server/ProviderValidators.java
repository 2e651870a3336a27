package dev.modelrouter.server;

import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.testing.ScriptedUpstream.Received;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Scripted providers that reject what the real APIs reject about reasoning continuity, then answer
 * from a script: a 400 names the broken rule, so a test sees which one.
 */
final class ProviderValidators {

    private ProviderValidators() {}

    /** Answers in order, each after {@code rule} found nothing wrong (a 400 with the reason otherwise). */
    static Function<Received, Reply> validating(Function<JsonNode, @Nullable String> rule, Deque<Reply> answers) {
        return received -> {
            String wrong = rule.apply(WireJson.parse(received.bodyText()));
            if (wrong != null) {
                return Reply.json(
                        400,
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                                + WireJson.MAPPER.writeValueAsString(wrong) + "}}");
            }
            Reply next = answers.poll();
            return next != null ? next : Reply.json(500, "{\"error\":{\"message\":\"script exhausted\"}}");
        };
    }

    static Deque<Reply> script(Reply... replies) {
        return new ArrayDeque<>(List.of(replies));
    }

    /**
     * Anthropic: a thinking block must carry a signature this provider issued ("Invalid signature in
     * thinking block"); with thinking on, the assistant turn of an open tool loop must start with a thinking
     * block; {@code clear_thinking} needs thinking on; no message may be empty.
     */
    static Function<JsonNode, @Nullable String> anthropic(Set<String> issued) {
        return body -> {
            JsonNode messages = body.path("messages");
            JsonNode lastAssistant = null;
            for (JsonNode m : messages) {
                if (m.path("content").isArray() && m.path("content").isEmpty()) {
                    return "messages: all messages must have non-empty content";
                }
                if (m.path("role").asString("").equals("assistant")) {
                    lastAssistant = m;
                }
                for (JsonNode block : m.path("content")) {
                    if (block.path("type").asString("").equals("thinking")
                            && !issued.contains(block.path("signature").asString(""))) {
                        return "messages: Invalid `signature` in `thinking` block";
                    }
                }
            }
            boolean thinking = body.has("thinking")
                    && !body.path("thinking").path("type").asString("").equals("disabled");
            JsonNode last = messages.path(messages.size() - 1);
            boolean toolLoop = hasType(last.path("content"), "tool_result");
            if (thinking
                    && toolLoop
                    && lastAssistant != null
                    && !lastAssistant
                            .path("content")
                            .path(0)
                            .path("type")
                            .asString("")
                            .endsWith("thinking")) {
                return "Expected `thinking` or `redacted_thinking`, but found `"
                        + lastAssistant.path("content").path(0).path("type").asString("") + "`. When `thinking` is"
                        + " enabled, a final `assistant` message must start with a thinking block";
            }
            if (!thinking && body.path("context_management").toString().contains("clear_thinking")) {
                return "context_management: clear_thinking requires thinking to be enabled";
            }
            return null;
        };
    }

    /**
     * Gemini 3: every function call of the current turn (since the last user text) must carry a signature
     * this provider issued or the documented skip value; signatures are model-bound, so a foreign one is
     * rejected; calls and responses pair up; no content has empty parts.
     */
    static Function<JsonNode, @Nullable String> gemini(Set<String> issued) {
        return body -> {
            JsonNode contents = body.path("contents");
            int turnStart = 0;
            int calls = 0;
            int responses = 0;
            for (int i = 0; i < contents.size(); i++) {
                JsonNode parts = contents.get(i).path("parts");
                if (!parts.isArray() || parts.isEmpty()) {
                    return "contents[" + i + "].parts: must not be empty";
                }
                if (contents.get(i).path("role").asString("").equals("user") && hasField(parts, "text")) {
                    turnStart = i;
                }
                for (JsonNode part : parts) {
                    calls += part.has("functionCall") ? 1 : 0;
                    responses += part.has("functionResponse") ? 1 : 0;
                    String signature = part.path("thoughtSignature").asString(null);
                    if (signature != null
                            && !signature.equals("skip_thought_signature_validator")
                            && !issued.contains(signature)) {
                        return "Corrupted thought signature.";
                    }
                }
            }
            if (calls != responses) {
                return "Please ensure that the number of function response parts is equal to the number of"
                        + " function call parts of the function call turn.";
            }
            for (int i = turnStart; i < contents.size(); i++) {
                JsonNode first = firstCall(contents.get(i).path("parts"));
                if (first != null && !first.has("thoughtSignature")) {
                    return "Function call is missing a thought_signature in functionCall parts.";
                }
            }
            return null;
        };
    }

    /** DeepSeek in thinking mode: an assistant turn with tool calls must carry {@code reasoning_content}. */
    static Function<JsonNode, @Nullable String> deepSeek() {
        return body -> {
            for (JsonNode m : body.path("messages")) {
                if (m.has("tool_calls") && !m.has("reasoning_content")) {
                    return "Missing `reasoning_content` field in the assistant message";
                }
            }
            return null;
        };
    }

    private static boolean hasType(JsonNode blocks, String type) {
        for (JsonNode block : blocks) {
            if (block.path("type").asString("").equals(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasField(JsonNode parts, String field) {
        for (JsonNode part : parts) {
            if (part.has(field)) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable JsonNode firstCall(JsonNode parts) {
        for (JsonNode part : parts) {
            if (part.has("functionCall")) {
                return part;
            }
        }
        return null;
    }

    /** The signatures a scripted provider hands out, for its validator to recognise later. */
    static Set<String> issued(String... signatures) {
        Set<String> out = ConcurrentHashMap.newKeySet();
        out.addAll(new ArrayList<>(List.of(signatures)));
        return out;
    }
}
