package dev.modelrouter.transform;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** A built-in transformer's factory: its config name and how to build it from options. */
record BuiltinFactory(String name, Function<JsonNode, Transformer> creator) implements TransformerFactory {

    @Override
    public Transformer create(JsonNode options) {
        return creator.apply(options);
    }
}
