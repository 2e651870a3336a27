package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Gemini client's {@code contents} → canonical conversation. Calls without an id get a stable one
 * from their position in the history, and a {@code functionResponse} is paired with its call by id,
 * else by name in order, else by position, so a Claude-style upstream sees matching ids.
 */
final class GeminiContentReader {

    /** A call of the last model turn, waiting for its response. */
    private static final class Call {
        final String id;
        final String name;
        boolean answered;

        Call(String id, String name) {
            this.id = id;
            this.name = name;
        }
    }

    private final List<Call> pending = new ArrayList<>();

    private GeminiContentReader() {}

    static List<Message> read(@Nullable JsonNode contents) {
        if (contents == null) {
            throw RouterException.invalid("contents: required");
        }
        if (!contents.isArray()) {
            throw RouterException.invalid("contents: must be an array");
        }
        GeminiContentReader reader = new GeminiContentReader();
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            Message message = reader.content(contents.get(i), i);
            if (!message.content().isEmpty()) {
                messages.add(message);
            }
        }
        return messages;
    }

    private Message content(JsonNode content, int i) {
        String path = "contents." + i;
        if (!content.isObject()) {
            throw RouterException.invalid(path + ": must be an object");
        }
        JsonNode parts = Json.field(content, "parts");
        if (parts != null && !parts.isArray()) {
            throw RouterException.invalid(path + ".parts: must be an array");
        }
        JsonNode partList = parts == null ? Json.array() : parts;
        String role = Json.text(content, "role");
        if (role == null || role.equals("user") || role.equals("function")) {
            return new Message(Role.USER, user(partList, path));
        }
        if (!role.equals("model")) {
            throw RouterException.invalid(path + ".role: must be \"user\" or \"model\"");
        }
        List<Content> blocks = ModelParts.read(
                partList,
                ThoughtSignatures::fromClient,
                (wireId, position, name, args) -> wireId != null
                        ? ToolIds.fromClient(wireId)
                        : ToolIds.generated(Integer.toString(i), Integer.toString(position), name));
        pending.clear();
        for (Content block : blocks) {
            if (block instanceof Content.ToolUse use) {
                pending.add(new Call(use.id(), use.name()));
            }
        }
        return new Message(Role.ASSISTANT, blocks);
    }

    private List<Content> user(JsonNode parts, String path) {
        List<Content> blocks = new ArrayList<>();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            if (!part.isObject()) {
                throw RouterException.invalid(path + ".parts." + j + ": must be an object");
            }
            JsonNode response = Json.field(part, "functionResponse");
            if (response != null) {
                blocks.add(toolResult(response, path + ".parts." + j));
                continue;
            }
            String text = Json.text(part, "text");
            if (text != null && !text.isEmpty()) {
                blocks.add(Content.Text.of(text));
                continue;
            }
            Content media = GeminiMedia.read(part);
            if (media != null) {
                blocks.add(media);
            }
        }
        return blocks;
    }

    private Content toolResult(JsonNode response, String path) {
        String name = Json.text(response, "name");
        if (name == null) {
            throw RouterException.invalid(path + ".functionResponse.name: required");
        }
        String wireId = Json.text(response, "id");
        Call call = match(wireId == null || wireId.isEmpty() ? null : ToolIds.fromClient(wireId), name);
        String id;
        if (call != null) {
            call.answered = true;
            id = call.id;
        } else {
            id = wireId != null && !wireId.isEmpty()
                    ? ToolIds.fromClient(wireId)
                    : ToolIds.generated("orphan", path, name);
        }
        JsonNode body = Json.field(response, "response");
        boolean error = false;
        String text;
        if (body == null) {
            text = "";
        } else if (body.isObject() && body.has("output") && body.size() == 1) {
            text = textOf(body.get("output"));
        } else if (body.isObject() && body.has("error") && body.size() == 1) {
            text = textOf(body.get("error"));
            error = true;
        } else {
            text = textOf(body);
        }
        List<Content> content = new ArrayList<>();
        if (!text.isEmpty()) {
            content.add(Content.Text.of(text));
        }
        for (JsonNode part : Json.elements(response, "parts")) {
            Content media = GeminiMedia.read(part);
            if (media != null) {
                content.add(media);
            }
        }
        return new Content.ToolResult(id, content, error, null);
    }

    private @Nullable Call match(@Nullable String id, String name) {
        if (id != null) {
            for (Call call : pending) {
                if (call.id.equals(id)) {
                    return call;
                }
            }
        }
        for (Call call : pending) {
            if (!call.answered && call.name.equals(name)) {
                return call;
            }
        }
        for (Call call : pending) {
            if (!call.answered) {
                return call;
            }
        }
        return null;
    }

    private static String textOf(JsonNode value) {
        return value.isString() ? value.stringValue() : value.isNull() ? "" : Json.write(value);
    }
}
