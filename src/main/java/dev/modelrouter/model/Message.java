package dev.modelrouter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One turn of the conversation.
 *
 * @param role who wrote it
 * @param content its blocks, in order; tool results are {@link Content.ToolResult} blocks of a user turn
 * @param bareText whether the client sent the content as a bare string rather than a list of blocks, so
 *     that a codec with both forms writes it back as it came; kept only while the content is one text
 *     block without a cache breakpoint, the one thing a bare string can say
 * @param extensions fields of the turn without a canonical home (Claude Code's per-turn
 *     {@code output_config}), keyed by their wire name; only the client's own protocol writes them back
 */
public record Message(Role role, List<Content> content, boolean bareText, Map<String, JsonNode> extensions) {

    public Message {
        content = List.copyOf(content);
        bareText =
                bareText && content.size() == 1 && content.get(0) instanceof Content.Text text && text.cache() == null;
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A turn of blocks, with nothing else. */
    public Message(Role role, List<Content> content) {
        this(role, content, false, Map.of());
    }

    /** A turn made of one text block. */
    public static Message of(Role role, String text) {
        return new Message(role, List.of(Content.Text.of(text)));
    }

    /** A copy with other blocks, keeping the extensions (and the bare-string form while it still fits). */
    public Message withContent(List<Content> value) {
        return new Message(role, value, bareText, extensions);
    }
}
