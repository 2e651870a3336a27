package dev.modelrouter.transform;

import dev.modelrouter.model.Route;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code streamoptions}: most OpenAI-compatible servers send no usage in a stream unless asked
 * (https://github.com/openkursar/hello-halo/issues/181).
 */
final class StreamOptionsTransformer implements Transformer {

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("streamoptions", new StreamOptionsTransformer());
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        if (body.path("stream").asBoolean(false)) {
            body.withObjectProperty("stream_options").put("include_usage", true);
        }
        return body;
    }
}
