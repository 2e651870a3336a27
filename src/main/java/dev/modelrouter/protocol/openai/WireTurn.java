package dev.modelrouter.protocol.openai;

import dev.modelrouter.protocol.EscapedStrings;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One OpenAI message under construction, so that consecutive same-role turns can be merged before they
 * are rendered (strict chat templates want alternation, https://github.com/Gitlawb/openclaude/pull/241).
 */
final class WireTurn {

    final String role;
    final List<ObjectNode> parts = new ArrayList<>();
    final List<ObjectNode> toolCalls = new ArrayList<>();
    final List<String> reasoning = new ArrayList<>();
    /** OpenRouter's {@code reasoning_details}, returned unchanged so Gemini and Claude routes keep their state. */
    final ArrayNode reasoningDetails = WireJson.array();
    /**
     * Whether the turn had thinking, even with no text (Claude's {@code display: omitted}): DeepSeek's
     * thinking mode rejects a tool-call turn without {@code reasoning_content}, and accepts it empty
     * (https://api-docs.deepseek.com/guides/thinking_mode#tool-calls).
     */
    boolean thought;

    private final @Nullable String toolCallId;
    private final @Nullable String toolContent;

    private WireTurn(String role, @Nullable String toolCallId, @Nullable String toolContent) {
        this.role = role;
        this.toolCallId = toolCallId;
        this.toolContent = toolContent;
    }

    static WireTurn of(String role) {
        return new WireTurn(role, null, null);
    }

    static WireTurn tool(String toolCallId, String content) {
        return new WireTurn("tool", toolCallId, content);
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = WireJson.object();
        part.put("type", "text");
        part.put("text", text);
        return part;
    }

    boolean isEmpty() {
        return toolCallId == null
                && parts.isEmpty()
                && toolCalls.isEmpty()
                && reasoning.isEmpty()
                && reasoningDetails.isEmpty();
    }

    boolean canAbsorb(WireTurn next) {
        return role.equals(next.role) && toolCallId == null && next.toolCallId == null;
    }

    void absorb(WireTurn next) {
        parts.addAll(next.parts);
        toolCalls.addAll(next.toolCalls);
        reasoning.addAll(next.reasoning);
        reasoningDetails.addAll(next.reasoningDetails);
        thought |= next.thought;
    }

    /** Merges consecutive same-role turns (tool messages stay separate) and renders them. */
    static ArrayNode render(List<WireTurn> turns) {
        ArrayNode out = WireJson.array();
        WireTurn pending = null;
        for (WireTurn turn : turns) {
            if (turn.isEmpty()) {
                continue;
            }
            if (pending != null && pending.canAbsorb(turn)) {
                pending.absorb(turn);
                continue;
            }
            if (pending != null) {
                out.add(pending.render());
            }
            pending = turn;
        }
        if (pending != null) {
            out.add(pending.render());
        }
        return out;
    }

    private ObjectNode render() {
        ObjectNode message = WireJson.object();
        message.put("role", role);
        if (toolCallId != null) {
            message.put("tool_call_id", toolCallId);
            message.put("content", toolContent);
            return message;
        }
        if (role.equals("assistant")) {
            String text = joinedText();
            if (text.isEmpty() && !toolCalls.isEmpty()) {
                message.putNull("content");
            } else {
                message.put("content", text);
            }
            if (!reasoning.isEmpty() || thought) {
                message.put("reasoning_content", EscapedStrings.join("\n\n", reasoning));
            }
            if (!reasoningDetails.isEmpty()) {
                message.set("reasoning_details", reasoningDetails);
            }
            if (!toolCalls.isEmpty()) {
                message.putArray("tool_calls").addAll(toolCalls);
            }
            return message;
        }
        if (parts.stream().allMatch(p -> "text".equals(WireJson.text(p, "type")))) {
            message.put("content", joinedText());
        } else {
            message.putArray("content").addAll(parts);
        }
        return message;
    }

    // vLLM/NIM reject array content ("expected str instance, list found"),
    // https://github.com/router-for-me/CLIProxyAPI/issues/3056: text-only content goes out as one string.
    private String joinedText() {
        List<String> texts = new ArrayList<>();
        for (JsonNode part : parts) {
            String text = WireJson.text(part, "text");
            if (text != null && "text".equals(WireJson.text(part, "type"))) {
                texts.add(text);
            }
        }
        // one text (the usual message) goes out as it is: joining would copy it whole
        return EscapedStrings.join("\n\n", texts);
    }
}
