package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns OpenAI's {@code function.arguments} strings into tool inputs. Zero-argument calls stream
 * {@code ""} (https://github.com/BerriAI/litellm/pull/5064), and a model cut off by the token limit
 * leaves truncated JSON; both must still become a JSON object.
 */
final class ToolArguments {

    private ToolArguments() {}

    /** The arguments as an object: blank is {@code {}}, truncated JSON is closed, hopeless text is {@code {}}. */
    static ObjectNode toObject(String raw) {
        ObjectNode parsed = parseObject(raw);
        return parsed != null ? parsed : WireJson.object();
    }

    /**
     * The arguments as JSON text for one input delta: {@code ""} when blank, the text itself when it is a
     * JSON object, else its repaired form or {@code ""}.
     */
    static String toJsonText(String raw) {
        if (raw.isBlank()) {
            return "";
        }
        JsonNode node = WireJson.tryParse(raw);
        if (node != null && node.isObject()) {
            return raw;
        }
        ObjectNode repaired = parseObject(raw);
        return repaired == null || repaired.isEmpty() ? "" : WireJson.write(repaired);
    }

    /**
     * The arguments as one input delta, or null when blank. Arguments that are not a JSON object travel
     * with their raw text beside today's strict reading ({@link #toJsonText}), so {@code enhancetool}
     * repairs what a strict reader drops; without it the client sees the strict reading.
     */
    static StreamEvent.Delta.@Nullable ToolInput toDelta(String raw) {
        if (raw.isBlank()) {
            return null;
        }
        String json = toJsonText(raw);
        return new StreamEvent.Delta.ToolInput(json, json.equals(raw) ? null : raw);
    }

    private static @Nullable ObjectNode parseObject(String raw) {
        if (raw.isBlank()) {
            return WireJson.object();
        }
        JsonNode node = WireJson.tryParse(raw);
        if (node == null) {
            node = WireJson.tryParse(close(raw));
        }
        return node != null && node.isObject() ? (ObjectNode) node : null;
    }

    /** Closes an open string and open brackets of truncated JSON. */
    static String close(String raw) {
        StringBuilder closers = new StringBuilder();
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                closers.append('}');
            } else if (c == '[') {
                closers.append(']');
            } else if ((c == '}' || c == ']') && closers.length() > 0) {
                closers.setLength(closers.length() - 1);
            }
        }
        StringBuilder out = new StringBuilder(raw.strip());
        if (inString) {
            if (escaped) {
                out.setLength(out.length() - 1);
            }
            out.append('"');
        }
        while (out.length() > 0 && (out.charAt(out.length() - 1) == ',' || out.charAt(out.length() - 1) == ':')) {
            out.setLength(out.length() - 1);
        }
        return out.append(closers.reverse()).toString();
    }
}
