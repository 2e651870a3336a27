package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A client's OpenAI {@code messages} → canonical system blocks and conversation. Leading
 * system/developer messages become the system prompt; later ones stay in place as system turns; tool
 * messages become tool results of a user turn. Errors name the JSON path of the bad value.
 */
final class OpenAiMessageReader {

    /** The system prompt and the conversation read from {@code messages}. */
    record Conversation(List<Content.Text> system, List<Message> messages) {}

    private OpenAiMessageReader() {}

    static Conversation read(@Nullable JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw RouterException.invalid("messages: must be a non-empty array");
        }
        List<Content.Text> system = new ArrayList<>();
        List<Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages." + i;
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw RouterException.invalid(path + ": must be an object");
            }
            String role = WireJson.text(message, "role");
            if (role == null) {
                throw RouterException.invalid(path + ".role: required");
            }
            switch (role) {
                case "system", "developer" -> {
                    List<Content> text = new ArrayList<>(texts(message.get("content"), path + ".content"));
                    if (turns.isEmpty()) {
                        text.forEach(block -> system.add((Content.Text) block));
                    } else if (!text.isEmpty()) {
                        turns.add(new Message(Role.SYSTEM, text));
                    }
                }
                case "user" ->
                    turns.add(new Message(Role.USER, userContent(message.get("content"), path + ".content")));
                case "assistant" -> turns.add(new Message(Role.ASSISTANT, assistantContent(message, path)));
                case "tool" -> turns.add(new Message(Role.USER, List.of(toolResult(message, path))));
                default -> throw RouterException.invalid(path + ".role: \"" + role + "\" is not supported");
            }
        }
        return new Conversation(system, merge(turns));
    }

    /** Merges consecutive same-role turns; in a user turn tool results come first, as Anthropic requires. */
    private static List<Message> merge(List<Message> turns) {
        List<Message> merged = new ArrayList<>();
        for (Message turn : turns) {
            if (turn.content().isEmpty()) {
                continue;
            }
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).role() == turn.role()) {
                List<Content> content = new ArrayList<>(merged.get(last).content());
                content.addAll(turn.content());
                merged.set(last, new Message(turn.role(), content));
            } else {
                merged.add(turn);
            }
        }
        List<Message> ordered = new ArrayList<>(merged.size());
        for (Message turn : merged) {
            if (turn.role() != Role.USER) {
                ordered.add(turn);
                continue;
            }
            List<Content> content = new ArrayList<>();
            turn.content().stream().filter(Content.ToolResult.class::isInstance).forEach(content::add);
            turn.content().stream()
                    .filter(b -> !(b instanceof Content.ToolResult))
                    .forEach(content::add);
            ordered.add(new Message(Role.USER, content));
        }
        return ordered;
    }

    /** Text content: a string or an array of text parts. */
    private static List<Content.Text> texts(@Nullable JsonNode content, String path) {
        List<Content.Text> out = new ArrayList<>();
        if (content == null || content.isNull()) {
            return out;
        }
        if (content.isString()) {
            addText(out, content.stringValue());
            return out;
        }
        if (!content.isArray()) {
            throw RouterException.invalid(path + ": must be a string or an array of parts");
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = WireJson.text(part, "type");
            String text = "refusal".equals(type) ? WireJson.text(part, "refusal") : WireJson.text(part, "text");
            if (!"text".equals(type) && !"refusal".equals(type) || text == null) {
                throw RouterException.invalid(path + "." + i + ": expected a text part");
            }
            addText(out, text);
        }
        return out;
    }

    private static void addText(List<? super Content.Text> out, String text) {
        if (!text.isEmpty()) {
            out.add(Content.Text.of(text));
        }
    }

    private static List<Content> userContent(@Nullable JsonNode content, String path) {
        if (content == null || !content.isArray()) {
            return new ArrayList<>(texts(content, path));
        }
        List<Content> out = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partPath = path + "." + i;
            String type = WireJson.text(part, "type");
            if ("text".equals(type)) {
                String text = WireJson.text(part, "text");
                if (text == null) {
                    throw RouterException.invalid(partPath + ".text: required");
                }
                addText(out, text);
            } else if ("image_url".equals(type)) {
                JsonNode image = part.get("image_url");
                String url = image != null && image.isString() ? image.stringValue() : WireJson.text(image, "url");
                if (url == null) {
                    throw RouterException.invalid(partPath + ".image_url.url: required");
                }
                out.add(image(url));
            } else if ("file".equals(type)) {
                out.add(file(part.get("file"), partPath + ".file"));
            } else {
                throw RouterException.invalid(partPath + ".type: \"" + type + "\" is not supported");
            }
        }
        return out;
    }

    private static Content.Image image(String url) {
        DataUrl data = DataUrl.parse(url);
        if (data != null) {
            return new Content.Image(data.mediaType(), new Content.Source.Base64(data.base64()), null);
        }
        return new Content.Image(null, new Content.Source.Url(url), null);
    }

    private static Content.Document file(@Nullable JsonNode file, String path) {
        String fileId = WireJson.text(file, "file_id");
        String filename = WireJson.text(file, "filename");
        if (fileId != null) {
            return new Content.Document(null, new Content.Source.File(fileId), filename, null, null);
        }
        String fileData = WireJson.text(file, "file_data");
        if (fileData == null) {
            throw RouterException.invalid(path + ": file_data or file_id required");
        }
        DataUrl data = DataUrl.parse(fileData);
        if (data != null) {
            return new Content.Document(
                    data.mediaType(), new Content.Source.Base64(data.base64()), filename, null, null);
        }
        return new Content.Document("application/pdf", new Content.Source.Base64(fileData), filename, null, null);
    }

    private static List<Content> assistantContent(JsonNode message, String path) {
        List<Content> out = new ArrayList<>();
        String reasoning = WireJson.text(message, "reasoning_content");
        if (reasoning == null) {
            reasoning = WireJson.text(message, "reasoning");
        }
        if (reasoning != null && !reasoning.isEmpty()) {
            out.add(new Content.Thinking(reasoning, null));
        }
        out.addAll(texts(message.get("content"), path + ".content"));
        JsonNode calls = WireJson.field(message, "tool_calls");
        if (calls == null) {
            return out;
        }
        if (!calls.isArray()) {
            throw RouterException.invalid(path + ".tool_calls: must be an array");
        }
        for (int i = 0; i < calls.size(); i++) {
            out.add(toolUse(calls.get(i), path + ".tool_calls." + i));
        }
        return out;
    }

    private static Content.ToolUse toolUse(JsonNode call, String path) {
        String id = WireJson.text(call, "id");
        if (id == null || id.isEmpty()) {
            throw RouterException.invalid(path + ".id: required");
        }
        JsonNode function = call.get("function");
        String name = WireJson.text(function, "name");
        if (name == null || name.isEmpty()) {
            throw RouterException.invalid(path + ".function.name: required");
        }
        JsonNode arguments = WireJson.field(function, "arguments");
        JsonNode input;
        if (arguments == null || arguments.isString() && arguments.stringValue().isBlank()) {
            input = WireJson.object();
        } else if (arguments.isString()) {
            try {
                input = WireJson.parse(arguments.stringValue());
            } catch (JacksonException e) {
                throw RouterException.invalid(path + ".function.arguments: not valid JSON");
            }
        } else {
            input = arguments;
        }
        if (!input.isObject()) {
            throw RouterException.invalid(path + ".function.arguments: must be a JSON object");
        }
        return new Content.ToolUse(ToolCallIds.sanitize(id), name, input, null);
    }

    private static Content.ToolResult toolResult(JsonNode message, String path) {
        String id = WireJson.text(message, "tool_call_id");
        if (id == null || id.isEmpty()) {
            throw RouterException.invalid(path + ".tool_call_id: required");
        }
        List<Content> content = new ArrayList<>(texts(message.get("content"), path + ".content"));
        return new Content.ToolResult(ToolCallIds.sanitize(id), content, false, null);
    }

    /** A {@code data:<media type>;base64,<data>} URL. */
    record DataUrl(String mediaType, String base64) {
        static @Nullable DataUrl parse(String url) {
            if (!url.startsWith("data:")) {
                return null;
            }
            int marker = url.indexOf(";base64,");
            if (marker < 0) {
                return null;
            }
            return new DataUrl(url.substring(5, marker), url.substring(marker + 8));
        }
    }
}
