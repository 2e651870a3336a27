package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.DataUrls;
import dev.modelrouter.protocol.EscapedStrings;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.ToolResultText;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Canonical system blocks and conversation → OpenAI {@code messages}. */
final class OpenAiMessageWriter {

    /**
     * Claude Code's first system block; its {@code cc_version} changes per request, so forwarding it would
     * defeat every provider's prefix cache.
     */
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private OpenAiMessageWriter() {}

    static ArrayNode write(List<Content.Text> system, List<Message> messages) {
        return write(system, messages, OpenAiVendor.OTHER);
    }

    static ArrayNode write(List<Content.Text> system, List<Message> messages, OpenAiVendor vendor) {
        List<WireTurn> turns = new ArrayList<>();
        WireTurn head = WireTurn.of("system");
        for (int i = 0; i < system.size(); i++) {
            String text = system.get(i).text();
            if (i == 0 && text.startsWith(BILLING_HEADER)) {
                continue;
            }
            addText(head, text);
        }
        turns.add(head);
        for (Message message : messages) {
            if (message.role() == Role.USER) {
                user(message, turns);
            } else if (message.role() == Role.ASSISTANT) {
                turns.add(assistant(message, vendor));
            } else if (message.role() == Role.SYSTEM) {
                // Never "developer": DeepSeek, DashScope and Volcengine reject it
                // (https://github.com/BenedictKing/ccx/issues/149).
                WireTurn turn = WireTurn.of("system");
                message.content().forEach(block -> addContent(turn, block));
                turns.add(turn);
            } else {
                throw new IllegalStateException("unhandled role " + message.role());
            }
        }
        return WireTurn.render(turns);
    }

    // Tool results must come right after the assistant's calls, as string content
    // (https://github.com/strands-agents/harness-sdk/pull/1878); images they hold follow in a user message.
    private static void user(Message message, List<WireTurn> turns) {
        List<WireTurn> results = new ArrayList<>();
        WireTurn attachments = WireTurn.of("user");
        WireTurn rest = WireTurn.of("user");
        for (Content block : message.content()) {
            if (block instanceof Content.ToolResult result) {
                results.add(toolMessage(result, attachments));
            } else {
                addContent(rest, block);
            }
        }
        turns.addAll(results);
        turns.add(attachments);
        turns.add(rest);
    }

    private static WireTurn toolMessage(Content.ToolResult result, WireTurn attachments) {
        List<String> texts = ToolResultText.lines(result, block -> addContent(attachments, block));
        String content = EscapedStrings.join("\n", texts);
        if (content.isBlank()) {
            content = "(empty)";
        }
        if (result.error()) {
            content = "Error: " + content;
        }
        return WireTurn.tool(ToolCallIds.sanitize(result.toolUseId()), content);
    }

    /** Adds a block of user or system content; blocks OpenAI cannot carry there are dropped. */
    private static void addContent(WireTurn turn, Content block) {
        if (block instanceof Content.Text text) {
            addText(turn, text.text());
        } else if (block instanceof Content.Image image) {
            ObjectNode part = imagePart(image);
            if (part != null) {
                turn.parts.add(part);
            }
        } else if (block instanceof Content.Document document) {
            turn.parts.add(documentPart(document));
        } else if (block instanceof Content.ToolReference reference) {
            addText(turn, ToolResultText.of(reference));
        } else if (AnthropicOnlyBlocks.inUserTurn(block)) {
            // not user content on OpenAI
        } else {
            throw AnthropicOnlyBlocks.unhandled(block);
        }
    }

    private static void addText(WireTurn turn, String text) {
        if (!text.isEmpty()) {
            turn.parts.add(WireTurn.textPart(text));
        }
    }

    private static WireTurn assistant(Message message, OpenAiVendor vendor) {
        WireTurn turn = WireTurn.of("assistant");
        for (Content block : message.content()) {
            if (block instanceof Content.Text text) {
                addText(turn, text.text());
            } else if (block instanceof Content.Thinking thinking) {
                // DeepSeek thinking mode rejects tool-call turns without it
                // (https://github.com/continuedev/continue/issues/9606).
                turn.thought = true;
                if (!thinking.text().isEmpty()) {
                    turn.reasoning.add(thinking.text());
                }
                ArrayNode details =
                        vendor == OpenAiVendor.OPENROUTER ? OpenAiReasoning.details(thinking.signature()) : null;
                if (details != null) {
                    turn.reasoningDetails.addAll(details);
                }
            } else if (block instanceof Content.ToolUse use) {
                turn.toolCalls.add(toolCall(use));
            } else if (AnthropicOnlyBlocks.inAssistantTurn(block)) {
                // opaque to OpenAI upstreams, or not assistant content
            } else {
                throw AnthropicOnlyBlocks.unhandled(block);
            }
        }
        return turn;
    }

    private static ObjectNode toolCall(Content.ToolUse use) {
        ObjectNode call = WireJson.object();
        call.put("id", ToolCallIds.sanitize(use.id()));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", ToolNames.shorten(use.name()));
        function.put("arguments", WireJson.arguments(use.input()));
        return call;
    }

    private static @Nullable ObjectNode imagePart(Content.Image image) {
        String url = DataUrls.image(image);
        if (url == null) {
            return null;
        }
        ObjectNode part = WireJson.object();
        part.put("type", "image_url");
        part.putObject("image_url").put("url", url);
        return part;
    }

    private static ObjectNode documentPart(Content.Document document) {
        String titled = document.title() == null ? "" : document.title() + "\n\n";
        Content.Source source = document.source();
        if (source instanceof Content.Source.PlainText plain) {
            return WireTurn.textPart(titled + plain.text());
        }
        if (source instanceof Content.Source.Url link) {
            return WireTurn.textPart(titled + link.url());
        }
        ObjectNode part = WireJson.object();
        part.put("type", "file");
        ObjectNode file = part.putObject("file");
        if (source instanceof Content.Source.File stored) {
            file.put("file_id", stored.fileId());
            return part;
        }
        if (!(source instanceof Content.Source.Base64 base64)) {
            throw new IllegalStateException(
                    "unhandled source " + source.getClass().getName());
        }
        String mediaType = document.mediaType() == null ? "application/pdf" : document.mediaType();
        if (mediaType.startsWith("text/")) {
            return WireTurn.textPart(
                    titled + new String(Base64.getMimeDecoder().decode(base64.data()), StandardCharsets.UTF_8));
        }
        file.put("filename", document.title() == null ? "document.pdf" : document.title());
        file.put("file_data", DataUrls.of(mediaType, base64.data()));
        return part;
    }
}
