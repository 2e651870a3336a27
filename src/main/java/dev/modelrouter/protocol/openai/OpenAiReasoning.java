package dev.modelrouter.protocol.openai;

import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** The reasoning text of an answer's message or of a stream delta, whichever vendor field carries it. */
final class OpenAiReasoning {

    private OpenAiReasoning() {}

    // Read order: reasoning_content (DeepSeek, Qwen), reasoning (vLLM, Ollama, OpenRouter, Vercel,
    // https://github.com/vllm-project/vllm/pull/27752), then OpenRouter's reasoning_details texts.
    static String text(JsonNode messageOrDelta) {
        String text = WireJson.text(messageOrDelta, "reasoning_content");
        if (text == null || text.isEmpty()) {
            text = WireJson.text(messageOrDelta, "reasoning");
        }
        if (text != null && !text.isEmpty()) {
            return text;
        }
        StringBuilder details = new StringBuilder();
        for (JsonNode detail : messageOrDelta.path("reasoning_details")) {
            String piece = WireJson.text(detail, "text");
            if (piece == null) {
                piece = WireJson.text(detail, "summary");
            }
            if (piece != null) {
                details.append(piece);
            }
        }
        return details.toString();
    }

    /** The vendor name under which OpenRouter's {@code reasoning_details} travel in a signature. */
    static final String CARRIER = "openrouter";

    /** A thinking block's signature carrying OpenRouter's {@code reasoning_details}. */
    static String signature(ArrayNode details) {
        return SignatureCarrier.encode(CARRIER, details);
    }

    /** The {@code reasoning_details} a signature carries, or {@code null} when it carries none. */
    static @Nullable ArrayNode details(@Nullable String signature) {
        JsonNode json = SignatureCarrier.decode(CARRIER, signature);
        return json instanceof ArrayNode array && !array.isEmpty() ? array : null;
    }
}
