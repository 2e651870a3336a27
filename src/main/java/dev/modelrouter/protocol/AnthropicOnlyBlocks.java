package dev.modelrouter.protocol;

import dev.modelrouter.model.Content;

/**
 * The content blocks that only Anthropic's protocol can carry in a given turn, which the OpenAI Chat,
 * Responses and Gemini codecs drop there. Each codec's {@code instanceof} chain asks this before its
 * final {@code throw}, so a new kind of {@link Content} still fails loudly in every codec until someone
 * decides where it goes.
 */
public final class AnthropicOnlyBlocks {

    private AnthropicOnlyBlocks() {}

    /**
     * Whether {@code block} cannot be replayed as another protocol's assistant output: redacted thinking,
     * server tool calls and results, media, tool results and tool references.
     */
    public static boolean inAssistantTurn(Content block) {
        return block instanceof Content.RedactedThinking
                || block instanceof Content.ServerToolUse
                || block instanceof Content.ServerToolResult
                || block instanceof Content.Image
                || block instanceof Content.Document
                || block instanceof Content.ToolResult
                || block instanceof Content.ToolReference;
    }

    /**
     * Whether {@code block} is not user content for another protocol: tool calls and results (which
     * travel as messages or items of their own), thinking and server tools.
     */
    public static boolean inUserTurn(Content block) {
        return block instanceof Content.ToolUse
                || block instanceof Content.ToolResult
                || block instanceof Content.Thinking
                || block instanceof Content.RedactedThinking
                || block instanceof Content.ServerToolUse
                || block instanceof Content.ServerToolResult;
    }
}
