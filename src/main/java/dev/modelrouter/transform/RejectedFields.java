package dev.modelrouter.transform;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes from an OpenAI Chat body what strict OpenAI-compatible servers (Groq, Cerebras) answer with a 400:
 * the given top-level fields, the reasoning replayed on assistant messages, {@code cache_control} on
 * messages, parts and tools, and a tool schema's {@code $schema}.
 */
final class RejectedFields {

    private final List<String> topLevel;

    RejectedFields(List<String> topLevel) {
        this.topLevel = List.copyOf(topLevel);
    }

    ObjectNode scrub(ObjectNode body) {
        topLevel.forEach(body::remove);
        for (ObjectNode message : Json.objects(body.path("messages"))) {
            message.remove("reasoning_content");
            message.remove("reasoning");
            message.remove("cache_control");
            for (ObjectNode part : Json.objects(message.path("content"))) {
                part.remove("cache_control");
            }
        }
        for (ObjectNode tool : Json.objects(body.path("tools"))) {
            tool.remove("cache_control");
            JsonNode parameters = tool.path("function").path("parameters");
            if (parameters instanceof ObjectNode schema) {
                schema.remove("$schema");
            }
        }
        return body;
    }
}
