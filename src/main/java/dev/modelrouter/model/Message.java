package dev.modelrouter.model;

import java.util.List;

/**
 * One turn of the conversation.
 *
 * @param role who wrote it
 * @param content its blocks, in order; tool results are {@link Content.ToolResult} blocks of a user turn
 */
public record Message(Role role, List<Content> content) {

    public Message {
        content = List.copyOf(content);
    }

    /** A turn made of one text block. */
    public static Message of(Role role, String text) {
        return new Message(role, List.of(Content.Text.of(text)));
    }
}
