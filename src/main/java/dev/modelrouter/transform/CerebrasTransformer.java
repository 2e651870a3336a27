package dev.modelrouter.transform;

import dev.modelrouter.model.Route;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cerebras}: Cerebras validates request bodies strictly and answers a field it does not support with a
 * 400 ({@code wrong_api_format}), so this removes what an OpenAI Chat body may carry that Cerebras refuses
 * (each field's source is at {@link #REJECTED}), plus what {@link RejectedFields} always removes. Reasoning
 * comes back as {@code reasoning} (https://inference-docs.cerebras.ai/capabilities/reasoning), which the
 * OpenAI codec reads.
 */
final class CerebrasTransformer implements Transformer {

    private static final RejectedFields REJECTED = new RejectedFields(List.of(
            // "These fields will result in a 400 error" (https://inference-docs.cerebras.ai/resources/openai,
            // as listed by https://hexdocs.pm/req_llm/cerebras.html and
            // https://github.com/Portkey-AI/gateway/blob/main/src/providers/cerebras/index.ts)
            "frequency_penalty",
            "logit_bias",
            "presence_penalty",
            "parallel_tool_calls",
            "service_tier",
            // not supported (https://docs.getbifrost.ai/providers/supported-providers/cerebras)
            "store",
            "prompt_cache_key",
            // claude-code-router's reasoning object, which its cerebras transformer deletes
            // (https://github.com/musistudio/claude-code-router/blob/main/packages/core/src/transformer/cerebras.transformer.ts)
            "reasoning"));
    // RejectedFields also drops assistant messages' reasoning_content: "property
    // 'messages.2.assistant.reasoning_content' is unsupported"
    // (https://github.com/Alishahryar1/free-claude-code/issues/1136).

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("cerebras", new CerebrasTransformer());
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        return REJECTED.scrub(body);
    }
}
