package dev.modelrouter.transform;

import dev.modelrouter.model.Route;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code maxcompletiontokens}: OpenAI's reasoning models reject {@code max_tokens} and want
 * {@code max_completion_tokens} (https://github.com/griptape-ai/ComfyUI-Griptape/issues/312).
 */
final class MaxCompletionTokensTransformer implements Transformer {

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("maxcompletiontokens", new MaxCompletionTokensTransformer());
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        JsonNode max = body.remove("max_tokens");
        if (max != null && !body.has("max_completion_tokens")) {
            body.set("max_completion_tokens", max);
        }
        return body;
    }
}
