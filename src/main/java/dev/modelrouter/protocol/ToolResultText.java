package dev.modelrouter.protocol;

import dev.modelrouter.model.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How protocols whose tool results are plain text (OpenAI Chat, Responses, Gemini) carry a
 * {@link Content.ToolResult}: its text, plain-text documents and tool references become lines of
 * text; everything else (images, PDFs) goes to the caller to attach beside it.
 */
public final class ToolResultText {

    private ToolResultText() {}

    /** The text lines of {@code result}, in order; other blocks are handed to {@code attach}. */
    public static List<String> lines(Content.ToolResult result, Consumer<Content> attach) {
        List<String> lines = new ArrayList<>();
        for (Content block : result.content()) {
            if (block instanceof Content.Text text) {
                lines.add(text.text());
            } else if (block instanceof Content.Document document
                    && document.source() instanceof Content.Source.PlainText plain) {
                lines.add(plain.text());
            } else if (block instanceof Content.ToolReference reference) {
                lines.add(of(reference));
            } else {
                attach.accept(block);
            }
        }
        return lines;
    }

    /**
     * A tool reference (Claude Code's ToolSearch result) as text. These protocols have no tool search:
     * every tool, deferred or not, is already in the request, so the model only needs to know the
     * search found it.
     */
    public static String of(Content.ToolReference reference) {
        return "Tool " + reference.toolName() + " is now available.";
    }
}
