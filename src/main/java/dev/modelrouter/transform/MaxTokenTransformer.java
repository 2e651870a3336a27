package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;

/** {@code maxtoken} {@code {"max_tokens": n}}: caps the answer's token limit at {@code n}. */
final class MaxTokenTransformer implements Transformer {

    private final int cap;

    MaxTokenTransformer(int cap) {
        this.cap = cap;
    }

    static TransformerFactory factory() {
        return new BuiltinFactory(
                "maxtoken",
                options -> new MaxTokenTransformer(
                        Options.of("maxtoken", options, "max_tokens").requiredPositiveInt("max_tokens")));
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        Sampling sampling = request.sampling();
        if (sampling.maxTokens() == null || sampling.maxTokens() <= cap) {
            return request;
        }
        return request.withSampling(sampling.withMaxTokens(cap));
    }
}
