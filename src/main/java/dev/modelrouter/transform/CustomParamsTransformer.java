package dev.modelrouter.transform;

import dev.modelrouter.model.Route;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code customparams} {@code {any}}: deep-merges its options into the provider body. */
final class CustomParamsTransformer implements Transformer {

    private final JsonNode params;

    CustomParamsTransformer(JsonNode params) {
        this.params = params.deepCopy();
    }

    static TransformerFactory factory() {
        return new BuiltinFactory("customparams", options -> {
            if (!options.isObject()) {
                throw new IllegalArgumentException("customparams: options must be an object");
            }
            return new CustomParamsTransformer(options);
        });
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        Json.deepMerge(body, params);
        return body;
    }
}
