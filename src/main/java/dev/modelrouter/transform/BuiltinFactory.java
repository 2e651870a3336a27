package dev.modelrouter.transform;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** A built-in transformer's factory: its config name and how to build it from options. */
record BuiltinFactory(String name, Function<JsonNode, Transformer> creator) implements TransformerFactory {

    /** The factory of a transformer that takes no options: any given are refused, the one instance is shared. */
    static BuiltinFactory withoutOptions(String name, Transformer instance) {
        return new BuiltinFactory(name, options -> {
            Options.of(name, options);
            return instance;
        });
    }

    @Override
    public Transformer create(JsonNode options) {
        return creator.apply(options);
    }
}
