package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transformers of one provider and model, immutable: the provider's {@code transformer.use} in
 * order, then the model's {@code transformer.<model>.use}. Requests and bodies go through them in that
 * order; answers go through them in exactly the reverse order, so the transformer closest to the
 * provider sees the answer first. (claude-code-router reverses each list separately, provider's then
 * model's, which unwraps the layers in the wrong order once both lists are used.)
 */
public final class TransformerChain {

    /** The chain of a provider without transformers. */
    public static final TransformerChain EMPTY = new TransformerChain(List.of());

    private final List<Transformer> transformers;
    private final boolean rewrites;

    private TransformerChain(List<Transformer> transformers) {
        this.transformers = List.copyOf(transformers);
        this.rewrites = this.transformers.stream().anyMatch(Transformer::rewrites);
    }

    /** A chain of these transformers, in request order. */
    public static TransformerChain of(List<Transformer> transformers) {
        return transformers.isEmpty() ? EMPTY : new TransformerChain(transformers);
    }

    /**
     * The chain for {@code model} of {@code provider}, from the provider's {@code transformer} object
     * ({@code {"use": [...], "<model>": {"use": [...]}}}). The caller passes the config's values in, so
     * this package knows nothing of the config's records.
     *
     * @throws IllegalArgumentException naming the provider (and model) when a name is unknown, an entry is
     *     malformed or a factory rejects its options
     */
    public static TransformerChain of(
            String provider, JsonNode transformer, String model, TransformerRegistry registry) {
        List<Transformer> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        collect(
                UseList.resolve(transformer.path("use"), "use", registry),
                "provider '" + provider + "'",
                out,
                problems);
        collect(
                UseList.resolve(transformer.path(model).path("use"), model + ".use", registry),
                "provider '" + provider + "', model '" + model + "'",
                out,
                problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return of(out);
    }

    private static void collect(
            List<UseList.Entry> entries, String where, List<Transformer> out, List<String> problems) {
        for (UseList.Entry entry : entries) {
            if (entry.transformer() != null) {
                out.add(entry.transformer());
            } else {
                problems.add(where + ": " + entry.problem());
            }
        }
    }

    /**
     * Every problem of every provider's transformer lists, each {@code "path: message"} with the JSON
     * path of the offending entry, e.g.
     * {@code $.Providers[2].transformer.use[1]: unknown transformer 'foo' (known: ...)}. Empty when all
     * is well. Per-model lists are checked for every model key, configured or not.
     *
     * @param transformers each provider's {@code transformer} object, in the order of {@code Providers}
     */
    public static List<String> validate(List<JsonNode> transformers, TransformerRegistry registry) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < transformers.size(); i++) {
            String base = "$.Providers[" + i + "].transformer";
            JsonNode transformer = transformers.get(i);
            if (!transformer.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> property : transformer.properties()) {
                String key = property.getKey();
                String path = UseList.field(base, key);
                List<UseList.Entry> entries;
                if (key.equals("use")) {
                    entries = UseList.resolve(property.getValue(), path, registry);
                } else if (property.getValue().isObject()) {
                    JsonNode use = property.getValue().path("use");
                    entries = UseList.resolve(use, path + ".use", registry);
                } else {
                    problems.add(
                            path + ": expected {\"use\": [...]} for model '" + key + "', got " + property.getValue());
                    continue;
                }
                entries.stream()
                        .filter(e -> e.problem() != null)
                        .forEach(e -> problems.add(e.path() + ": " + e.problem()));
            }
        }
        return List.copyOf(problems);
    }

    /** Applies every {@link Transformer#transformRequest} in request order. */
    public ChatRequest request(ChatRequest request, Route route) {
        ChatRequest out = request;
        for (Transformer transformer : transformers) {
            out = transformer.transformRequest(out, route);
        }
        return out;
    }

    /** Applies every {@link Transformer#transformBody} in request order. */
    public ObjectNode body(ObjectNode body, Route route) {
        ObjectNode out = body;
        for (Transformer transformer : transformers) {
            out = transformer.transformBody(out, route);
        }
        return out;
    }

    /** Applies every {@link Transformer#transformResponse} in reverse order: the last one sees the events first. */
    public Flux<StreamEvent> response(Flux<StreamEvent> events, Route route) {
        Flux<StreamEvent> out = events;
        for (int i = transformers.size() - 1; i >= 0; i--) {
            out = transformers.get(i).transformResponse(out, route);
        }
        return out;
    }

    /** Whether any member rewrites; when none does, same-protocol traffic can pass through as bytes. */
    public boolean rewrites() {
        return rewrites;
    }

    /** Whether the chain has no members at all. */
    public boolean isEmpty() {
        return transformers.isEmpty();
    }

    /** The members, in request order. */
    public List<Transformer> transformers() {
        return transformers;
    }

    @Override
    public String toString() {
        return "TransformerChain"
                + transformers.stream().map(t -> t.getClass().getSimpleName()).toList();
    }
}
