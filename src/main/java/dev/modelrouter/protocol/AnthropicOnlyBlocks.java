package dev.modelrouter.protocol;

import dev.modelrouter.model.Content;
import java.util.List;
import java.util.Set;

/**
 * The content blocks that only Anthropic's protocol can carry in a given turn, which the OpenAI Chat,
 * Responses and Gemini codecs drop there. Each codec's {@code instanceof} chain asks this before its
 * final {@code throw} of {@link #unhandled}, so a new kind of {@link Content} still fails loudly in every
 * codec until someone decides where it goes.
 */
public final class AnthropicOnlyBlocks {

    // the blocks are records, so their exact classes are the whole set
    private static final Set<Class<?>> NOT_ASSISTANT = Set.of(
            Content.RedactedThinking.class,
            Content.ServerToolUse.class,
            Content.ServerToolResult.class,
            Content.Image.class,
            Content.Document.class,
            Content.ToolResult.class,
            Content.ToolReference.class);
    private static final Set<Class<?>> NOT_USER = Set.of(
            Content.ToolUse.class,
            Content.ToolResult.class,
            Content.Thinking.class,
            Content.RedactedThinking.class,
            Content.ServerToolUse.class,
            Content.ServerToolResult.class);

    private AnthropicOnlyBlocks() {}

    /**
     * Whether {@code block} cannot be replayed as another protocol's assistant output: redacted thinking,
     * server tool calls and results, media, tool results and tool references.
     */
    public static boolean inAssistantTurn(Content block) {
        return NOT_ASSISTANT.contains(block.getClass());
    }

    /**
     * Whether {@code block} is not user content for another protocol: tool calls and results (which
     * travel as messages or items of their own), thinking and server tools.
     */
    public static boolean inUserTurn(Content block) {
        return NOT_USER.contains(block.getClass());
    }

    /**
     * The end of a stream writer's dispatch over an assistant block: no frames for a block only Anthropic
     * carries there, else {@link #unhandled}.
     */
    public static <T> List<T> dropInAssistantTurn(Content block) {
        if (inAssistantTurn(block)) {
            return List.of();
        }
        throw unhandled(block);
    }

    /** The failure of a codec's dispatch that has no case for {@code block}: a new kind nobody placed yet. */
    public static IllegalStateException unhandled(Content block) {
        return new IllegalStateException(
                "unhandled content block " + block.getClass().getName());
    }
}
