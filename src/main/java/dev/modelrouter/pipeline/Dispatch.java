package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.transform.TransformerChain;
import org.jspecify.annotations.Nullable;

/**
 * One attempt's target: the exchange, the route tried and its provider and transformer chain, and how
 * a broken stream of it is continued.
 *
 * @param exchange the exchange
 * @param route the target tried
 * @param provider its provider
 * @param chain its transformers
 * @param continuer continues its stream from the plan's later targets, {@code null} for no stream or none left
 */
record Dispatch(
        Exchange exchange,
        Route route,
        ProviderConfig provider,
        TransformerChain chain,
        @Nullable Continuer continuer) {

    /** What errors call the target. */
    String what() {
        return Egress.what(route);
    }

    /** Counts an unparseable event this target's stream held and the reader skipped. */
    void malformedEvent() {
        exchange.trace().malformedEvent(route);
    }
}
