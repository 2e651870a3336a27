package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.DataUrls;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.ToolResultText;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical system blocks and conversation → Responses {@code instructions} and {@code input} items.
 * Items are never empty: a message whose blocks all drop is left out.
 */
final class ResponsesInputWriter {

    /**
     * Claude Code's first system block; its {@code cc_version} changes per request, so forwarding it would
     * defeat the provider's prefix cache.
     */
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    static final String MISSING_OUTPUT = "Error: the tool call was interrupted and returned no result";

    private ResponsesInputWriter() {}

    /** The system blocks joined, or {@code null} when nothing is left. */
    static @Nullable String instructions(List<Content.Text> system) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < system.size(); i++) {
            String text = system.get(i).text();
            if ((i == 0 && text.startsWith(BILLING_HEADER)) || text.isEmpty()) {
                continue;
            }
            texts.add(text);
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    static ArrayNode write(List<Message> messages) {
        ArrayNode items = WireJson.array();
        for (Message message : messages) {
            if (message.role() == Role.USER) {
                user(message, items);
            } else if (message.role() == Role.ASSISTANT) {
                assistant(message, items);
            } else if (message.role() == Role.SYSTEM) {
                MessageItem developer = new MessageItem("developer");
                message.content().forEach(block -> addInputContent(developer, block, false));
                developer.addTo(items);
            } else {
                throw new IllegalStateException("unhandled role " + message.role());
            }
        }
        return pairCalls(items);
    }

    private static void user(Message message, ArrayNode items) {
        MessageItem attachments = new MessageItem("user");
        MessageItem rest = new MessageItem("user");
        for (Content block : message.content()) {
            if (block instanceof Content.ToolResult result) {
                items.add(toolOutput(result, attachments));
            } else {
                addInputContent(rest, block, true);
            }
        }
        // Tool outputs come first, right after the calls they answer; images they held follow.
        attachments.addTo(items);
        rest.addTo(items);
    }

    private static ObjectNode toolOutput(Content.ToolResult result, MessageItem attachments) {
        List<String> texts = ToolResultText.lines(result, block -> addInputContent(attachments, block, true));
        String output = String.join("\n", texts);
        if (output.isBlank()) {
            output = "(empty)";
        }
        if (result.error()) {
            output = "Error: " + output;
        }
        ObjectNode item = WireJson.object();
        item.put("type", "function_call_output");
        item.put("call_id", ToolNames.shorten(result.toolUseId()));
        item.put("output", output);
        return item;
    }

    /** Adds a block of user or developer content; blocks that have no place there are dropped. */
    private static void addInputContent(MessageItem item, Content block, boolean media) {
        if (block instanceof Content.Text text) {
            item.text("input_text", text.text());
        } else if (block instanceof Content.Image image) {
            ObjectNode part = media ? imagePart(image) : null;
            if (part != null) {
                item.parts.add(part);
            }
        } else if (block instanceof Content.Document document) {
            addDocument(item, document, media);
        } else if (block instanceof Content.ToolReference reference) {
            item.text("input_text", ToolResultText.of(reference));
        } else if (AnthropicOnlyBlocks.inUserTurn(block)) {
            // not user content on Responses
        } else {
            throw AnthropicOnlyBlocks.unhandled(block);
        }
    }

    private static void assistant(Message message, ArrayNode items) {
        MessageItem text = new MessageItem("assistant");
        for (Content block : message.content()) {
            if (block instanceof Content.Text piece) {
                text.text("output_text", piece.text());
            } else if (block instanceof Content.Thinking thinking) {
                ObjectNode reasoning = reasoningItem(thinking);
                if (reasoning != null) {
                    text = text.addTo(items);
                    items.add(reasoning);
                }
            } else if (block instanceof Content.ToolUse use) {
                text = text.addTo(items);
                items.add(functionCall(use));
            } else if (AnthropicOnlyBlocks.inAssistantTurn(block)) {
                // opaque to a Responses upstream, or not assistant content
            } else {
                throw AnthropicOnlyBlocks.unhandled(block);
            }
        }
        text.addTo(items);
    }

    /**
     * Only reasoning a Responses upstream produced is replayed, from the signature it travelled in. The
     * item id is left out: with {@code store:false} the upstream would look it up and fail with "Item
     * with id 'rs_…' not found" (https://github.com/NousResearch/hermes-agent/pull/10217); the encrypted
     * content alone carries the reasoning. {@code summary} is required even when empty.
     */
    private static @Nullable ObjectNode reasoningItem(Content.Thinking thinking) {
        ReasoningSignature signature = ReasoningSignature.decode(thinking.signature());
        if (signature == null) {
            return null;
        }
        ObjectNode item = WireJson.object();
        item.put("type", "reasoning");
        ArrayNode summary = item.putArray("summary");
        if (!thinking.text().isEmpty()) {
            summary.addObject().put("type", "summary_text").put("text", thinking.text());
        }
        item.put("encrypted_content", signature.encryptedContent());
        return item;
    }

    private static ObjectNode functionCall(Content.ToolUse use) {
        ObjectNode item = WireJson.object();
        item.put("type", "function_call");
        item.put("call_id", ToolNames.shorten(use.id()));
        item.put("name", ToolNames.shorten(use.name()));
        item.put("arguments", WireJson.arguments(use.input()));
        return item;
    }

    private static @Nullable ObjectNode imagePart(Content.Image image) {
        String url = DataUrls.image(image);
        if (url == null) {
            return null;
        }
        ObjectNode part = WireJson.object();
        part.put("type", "input_image");
        part.put("image_url", url);
        part.put("detail", "auto");
        return part;
    }

    private static void addDocument(MessageItem item, Content.Document document, boolean media) {
        String titled = document.title() == null ? "" : document.title() + "\n\n";
        Content.Source source = document.source();
        String mediaType = document.mediaType() == null ? "application/pdf" : document.mediaType();
        if (source instanceof Content.Source.PlainText plain) {
            item.text("input_text", titled + plain.text());
        } else if (source instanceof Content.Source.Base64 base64 && mediaType.startsWith("text/")) {
            item.text(
                    "input_text",
                    titled + new String(Base64.getMimeDecoder().decode(base64.data()), StandardCharsets.UTF_8));
        } else if (!media) {
            // a developer message carries text only
        } else if (source instanceof Content.Source.Base64 base64) {
            ObjectNode part = item.parts.addObject();
            part.put("type", "input_file");
            part.put("filename", document.title() == null ? "document.pdf" : document.title());
            part.put("file_data", DataUrls.of(mediaType, base64.data()));
        } else if (source instanceof Content.Source.Url link) {
            item.parts.addObject().put("type", "input_file").put("file_url", link.url());
        } else if (source instanceof Content.Source.File) {
            // another provider's file id means nothing here
        } else {
            throw new IllegalStateException(
                    "unhandled source " + source.getClass().getName());
        }
    }

    /**
     * The Responses API rejects a {@code function_call} without its {@code function_call_output} and an
     * output without its call; a client interrupted mid-loop can leave either behind, and ids that repeat
     * across turns (Kimi's {@code functions.Read:0}) must pair turn by turn. Each output answers the
     * oldest unanswered call with its id, or is dropped; calls still unanswered when the conversation
     * moves on (a user or developer message, or the assistant's next turn after some output) get an error
     * output there.
     */
    private static ArrayNode pairCalls(ArrayNode items) {
        ArrayNode paired = WireJson.array();
        List<String> awaiting = new ArrayList<>();
        boolean answered = false;
        for (JsonNode item : items) {
            String type = WireJson.text(item, "type");
            String callId = WireJson.text(item, "call_id");
            boolean userSide = "message".equals(type) && !"assistant".equals(WireJson.text(item, "role"));
            boolean assistantSide = !userSide && !"function_call_output".equals(type);
            if (userSide || (assistantSide && answered)) {
                flushMissing(awaiting, paired);
                answered = false;
            }
            if ("function_call_output".equals(type)) {
                if (!awaiting.remove(callId)) {
                    continue;
                }
                answered = true;
            } else if ("function_call".equals(type)) {
                awaiting.add(callId);
            }
            paired.add(item);
        }
        flushMissing(awaiting, paired);
        return paired;
    }

    private static void flushMissing(List<String> awaiting, ArrayNode paired) {
        for (String callId : awaiting) {
            ObjectNode output = paired.addObject();
            output.put("type", "function_call_output");
            output.put("call_id", callId);
            output.put("output", MISSING_OUTPUT);
        }
        awaiting.clear();
    }

    /** A message item being filled with content parts. */
    private static final class MessageItem {
        final String role;
        final ArrayNode parts = WireJson.array();

        MessageItem(String role) {
            this.role = role;
        }

        void text(String type, String text) {
            if (!text.isEmpty()) {
                parts.addObject().put("type", type).put("text", text);
            }
        }

        /** Appends the item when it has parts; returns a fresh, empty item of the same role. */
        MessageItem addTo(ArrayNode items) {
            if (parts.isEmpty()) {
                return this;
            }
            ObjectNode item = items.addObject();
            item.put("type", "message");
            item.put("role", role);
            item.set("content", parts);
            return new MessageItem(role);
        }
    }
}
