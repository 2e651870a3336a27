package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.WireJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's {@code usage} object. Its {@code prompt_tokens} include cached tokens while the canonical
 * {@code input} excludes them; DeepSeek reports the cache in {@code prompt_cache_hit_tokens}
 * (https://api-docs.deepseek.com/guides/kv_cache).
 */
final class OpenAiUsage {

    private OpenAiUsage() {}

    static Usage read(JsonNode usage) {
        int prompt = WireJson.integer(usage, "prompt_tokens");
        JsonNode details = WireJson.field(usage, "prompt_tokens_details");
        int cacheRead = WireJson.integer(details, "cached_tokens");
        if (cacheRead == 0) {
            cacheRead = WireJson.integer(usage, "prompt_cache_hit_tokens");
        }
        int cacheWrite = WireJson.integer(details, "cache_write_tokens");
        return of(prompt, WireJson.integer(usage, "completion_tokens"), cacheRead, cacheWrite);
    }

    /** The canonical usage of OpenAI's counts, whose {@code prompt} includes both cache counts. */
    static Usage of(int prompt, int completion, int cacheRead, int cacheWrite) {
        return new Usage(Math.max(0, prompt - cacheRead - cacheWrite), completion, cacheRead, cacheWrite);
    }

    static ObjectNode write(Usage usage) {
        ObjectNode node = WireJson.object();
        node.put("prompt_tokens", usage.promptTotal());
        node.put("completion_tokens", usage.output());
        node.put("total_tokens", usage.promptTotal() + usage.output());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheRead());
        return node;
    }
}
