package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code groq}: Groq's OpenAI-compatible API rejects fields it does not know — {@code reasoning_content},
 * {@code reasoning}, {@code store}, {@code prompt_cache_key} (https://github.com/janhq/jan/issues/8136,
 * https://github.com/musistudio/llms/pull/64), {@code cache_control}, a schema's {@code $schema} and
 * {@code top_k}.
 */
final class GroqTransformer implements Transformer {

    private static final RejectedFields REJECTED =
            new RejectedFields(List.of("top_k", "reasoning", "store", "prompt_cache_key"));

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("groq", new GroqTransformer());
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        Sampling s = request.sampling();
        if (s.topK() == null) {
            return request;
        }
        return request.withSampling(new Sampling(s.maxTokens(), s.temperature(), s.topP(), null, s.stop()));
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        return REJECTED.scrub(body);
    }
}
