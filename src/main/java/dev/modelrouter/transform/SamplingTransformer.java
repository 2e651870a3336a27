package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code sampling} {@code {temperature, top_p, top_k, repetition_penalty}}: overrides what the client
 * sent. {@code repetition_penalty} has no canonical home and goes into the body; so does {@code top_k}
 * when the provider's codec has no place for it (OpenAI Chat has none, vLLM-style servers accept it).
 */
final class SamplingTransformer implements Transformer {

    private final @Nullable Double temperature;
    private final @Nullable Double topP;
    private final @Nullable Integer topK;
    private final @Nullable Double repetitionPenalty;

    SamplingTransformer(
            @Nullable Double temperature,
            @Nullable Double topP,
            @Nullable Integer topK,
            @Nullable Double repetitionPenalty) {
        this.temperature = temperature;
        this.topP = topP;
        this.topK = topK;
        this.repetitionPenalty = repetitionPenalty;
    }

    static TransformerFactory factory() {
        return new BuiltinFactory("sampling", json -> {
            Options options = Options.of("sampling", json, "temperature", "top_p", "top_k", "repetition_penalty");
            return new SamplingTransformer(
                    options.number("temperature"),
                    options.number("top_p"),
                    options.nonNegativeInt("top_k"),
                    options.number("repetition_penalty"));
        });
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        Sampling s = request.sampling();
        return request.withSampling(new Sampling(
                s.maxTokens(),
                temperature != null ? temperature : s.temperature(),
                topP != null ? topP : s.topP(),
                topK != null ? topK : s.topK(),
                s.stop()));
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        // Only chat-shaped bodies (OpenAI Chat, Anthropic) take top-level sampling fields.
        if (topK != null && body.has("messages") && !body.has("top_k")) {
            body.put("top_k", topK);
        }
        if (repetitionPenalty != null) {
            body.put("repetition_penalty", repetitionPenalty);
        }
        return body;
    }
}
