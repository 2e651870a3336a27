package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Usage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code usageMetadata} ↔ canonical usage (protocols.md 5.4): {@code promptTokenCount} includes cached
 * tokens and {@code candidatesTokenCount} excludes thoughts.
 */
final class GeminiUsage {

    private GeminiUsage() {}

    static Usage read(JsonNode metadata) {
        int cached = Json.integer(metadata, "cachedContentTokenCount");
        int prompt = Json.integer(metadata, "promptTokenCount") + Json.integer(metadata, "toolUsePromptTokenCount");
        int output = Json.integer(metadata, "candidatesTokenCount") + Json.integer(metadata, "thoughtsTokenCount");
        return new Usage(Math.max(0, prompt - cached), output, cached, 0);
    }

    static ObjectNode write(Usage usage) {
        ObjectNode metadata = Json.object();
        metadata.put("promptTokenCount", usage.promptTotal());
        metadata.put("candidatesTokenCount", usage.output());
        metadata.put("totalTokenCount", usage.promptTotal() + usage.output());
        if (usage.cacheRead() > 0) {
            metadata.put("cachedContentTokenCount", usage.cacheRead());
        }
        return metadata;
    }
}
