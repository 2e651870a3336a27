package dev.modelrouter.example;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Route;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code example-prefix}: puts a text in front of the system prompt.
 *
 * <pre>{@code
 * "transformer": { "use": [["example-prefix", {"prefix": "Answer in French."}]] }
 * }</pre>
 */
public final class PrefixTransformerFactory implements TransformerFactory {

    @Override
    public String name() {
        return "example-prefix";
    }

    @Override
    public Transformer create(JsonNode options) {
        JsonNode prefix = options.path("prefix");
        if (!prefix.isString() || prefix.asString().isEmpty()) {
            throw new IllegalArgumentException("example-prefix needs a \"prefix\" option, a non-empty string");
        }
        return new PrefixTransformer(prefix.asString());
    }

    /** Immutable, so one instance serves concurrent requests. */
    static final class PrefixTransformer implements Transformer {

        private final String prefix;

        PrefixTransformer(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public ChatRequest transformRequest(ChatRequest request, Route route) {
            List<Content.Text> system = new ArrayList<>();
            system.add(Content.Text.of(prefix));
            system.addAll(request.system());
            return request.toBuilder().system(system).build();
        }
    }
}
