package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chains of one config snapshot, built on first use per provider and model and then reused, so no
 * request builds a chain. A reloaded config gets a new instance ({@link #isFor} tells the holder when).
 */
final class TransformerChains {

    private final RouterConfig config;
    private final TransformerRegistry registry;
    private final Map<String, TransformerChain> chains = new ConcurrentHashMap<>();

    /** The chains of {@code config}, resolved against {@code registry}. */
    TransformerChains(RouterConfig config, TransformerRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Whether these are the chains of exactly this snapshot (compared by identity). */
    public boolean isFor(RouterConfig candidate) {
        // a project's routes (RouterConfig.withRouter) share the snapshot's providers, and chains depend
        // on nothing else of it; another snapshot has providers of its own
        return candidate == config || candidate.providers() == config.providers();
    }

    /** The snapshot these chains belong to. */
    public RouterConfig config() {
        return config;
    }

    /** The chain of the route's provider and model. */
    public TransformerChain chain(Route route) {
        return chain(route.provider(), route.model());
    }

    /**
     * The chain of {@code model} on {@code provider} (ignoring case); empty for a provider the snapshot
     * does not have.
     *
     * @throws IllegalArgumentException when the provider's transformer lists are invalid (a config that
     *     passed {@link TransformerChain#validate} never is)
     */
    public TransformerChain chain(String provider, String model) {
        ProviderConfig p = config.provider(provider).orElse(null);
        if (p == null) {
            return TransformerChain.EMPTY;
        }
        // keyed by the model's own section of the provider's transformer, not by the model: models without
        // one (any name a client makes up among them) share the provider's chain, so the map stays as
        // small as the config
        String section = p.hasTransformerSection(model) ? model : "";
        String key = p.name().toLowerCase(Locale.ROOT) + '\u0000' + section;
        TransformerChain cached = chains.get(key);
        if (cached != null) {
            return cached;
        }
        return chains.computeIfAbsent(key, k -> TransformerChain.of(p.name(), p.transformer(), model, registry));
    }
}
