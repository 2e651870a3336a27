package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.protocol.SignatureCarrier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A conversation fitted for an Anthropic provider after other providers answered some of its turns
 * (a {@code /model} switch from DeepSeek or Gemini to Claude). Anthropic rejects thinking blocks it did
 * not sign ("Invalid signature", https://github.com/openclaw/openclaw/issues/91205), so those are dropped;
 * and with thinking on, the assistant turn of an open tool loop must start with a thinking block
 * (https://docs.claude.com/en/docs/build-with-claude/extended-thinking#preserving-thinking-blocks), so
 * when the dropped block was that one, the request goes without {@code thinking}.
 */
final class ForeignThinking {

    private static final String CONTEXT_MANAGEMENT = "context_management";

    private ForeignThinking() {}

    /** {@code request} without thinking blocks Anthropic did not sign, and without what they leave invalid. */
    static ChatRequest forAnthropic(ChatRequest request) {
        List<Message> messages = request.messages();
        List<Message> kept = new ArrayList<>(messages.size());
        boolean changed = false;
        boolean loopLostThinking = false;
        int lastAssistant = lastAssistant(messages);
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            List<Content> content = m.role() == Role.ASSISTANT ? signed(m.content()) : m.content();
            if (content.size() == m.content().size()) {
                kept.add(m);
                continue;
            }
            changed = true;
            loopLostThinking |= i == lastAssistant && startsWithThinking(m.content()) && !startsWithThinking(content);
            if (!content.isEmpty()) {
                kept.add(m.withContent(content)); // an emptied turn goes; Anthropic merges the neighbours
            }
        }
        if (!changed) {
            return request;
        }
        ChatRequest.Builder b = request.toBuilder().messages(kept);
        if (loopLostThinking && thinkingOn(request) && endsInToolResult(messages)) {
            b.thinking(null).extensions(withoutClearThinking(request.extensions()));
        }
        return b.build();
    }

    private static List<Content> signed(List<Content> content) {
        List<Content> out = new ArrayList<>(content.size());
        for (Content c : content) {
            if (!(c instanceof Content.Thinking t) || SignatureCarrier.isAnthropic(t.signature())) {
                out.add(c);
            }
        }
        return out.size() == content.size() ? content : out;
    }

    private static int lastAssistant(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.ASSISTANT) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithThinking(List<Content> content) {
        return !content.isEmpty()
                && (content.get(0) instanceof Content.Thinking || content.get(0) instanceof Content.RedactedThinking);
    }

    private static boolean thinkingOn(ChatRequest request) {
        return request.thinking() != null && !(request.thinking() instanceof Thinking.Disabled);
    }

    private static boolean endsInToolResult(List<Message> messages) {
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        return last != null
                && last.role() == Role.USER
                && last.content().stream().anyMatch(Content.ToolResult.class::isInstance);
    }

    /** Claude Code's {@code clear_thinking} edit needs thinking on; the other edits stay. */
    private static Map<String, JsonNode> withoutClearThinking(Map<String, JsonNode> extensions) {
        JsonNode management = extensions.get(CONTEXT_MANAGEMENT);
        if (management == null || !management.path("edits").isArray()) {
            return extensions;
        }
        ObjectNode copy = ((ObjectNode) management).deepCopy();
        ArrayNode edits = copy.putArray("edits");
        for (JsonNode edit : management.path("edits")) {
            if (!edit.path("type").asString("").startsWith("clear_thinking")) {
                edits.add(edit);
            }
        }
        Map<String, JsonNode> out = new LinkedHashMap<>(extensions);
        if (edits.isEmpty()) {
            out.remove(CONTEXT_MANAGEMENT);
        } else {
            out.put(CONTEXT_MANAGEMENT, copy);
        }
        return out;
    }
}
