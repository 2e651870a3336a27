package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code deepseek}: DeepSeek's chat endpoint takes {@code max_tokens} in [1, 8192] and Claude Code asks
 * for 32k (https://github.com/router-for-me/CLIProxyAPI/issues/599), and it has no {@code top_k}. The
 * reasoning_content round trip its thinking mode requires is the OpenAI codec's default.
 */
final class DeepSeekTransformer implements Transformer {

    static final int DEFAULT_CAP = 8192;

    private final int cap;

    DeepSeekTransformer(int cap) {
        this.cap = cap;
    }

    static TransformerFactory factory() {
        return new BuiltinFactory("deepseek", options -> {
            Integer cap = Options.of("deepseek", options, "max_tokens").positiveInt("max_tokens");
            return new DeepSeekTransformer(cap == null ? DEFAULT_CAP : cap);
        });
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        Sampling s = request.sampling();
        Integer max = s.maxTokens() != null && s.maxTokens() > cap ? Integer.valueOf(cap) : s.maxTokens();
        if (max == s.maxTokens() && s.topK() == null) {
            return request;
        }
        return request.withSampling(new Sampling(max, s.temperature(), s.topP(), null, s.stop()));
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        body.remove("top_k");
        return body;
    }
}
