package dev.modelrouter.spi;

import tools.jackson.databind.JsonNode;

/**
 * Creates a {@link Transformer} from the options written in config.json. Registered through
 * {@code META-INF/services/dev.modelrouter.spi.TransformerFactory}; the name is what config.json's
 * {@code "use"} lists refer to, e.g. {@code "use": ["openrouter", ["maxtoken", {"max_tokens": 16384}]]}.
 */
public interface TransformerFactory {

    /** The name used in config.json, unique across built-ins and plugins, compared case-insensitively. */
    String name();

    /**
     * A transformer configured with {@code options}.
     *
     * @param options the options object from config.json, or an empty object when none were given
     * @return the transformer; it may be shared by concurrent requests, so it must be thread-safe
     * @throws IllegalArgumentException when the options are invalid; the message is shown to the user
     */
    Transformer create(JsonNode options);
}
