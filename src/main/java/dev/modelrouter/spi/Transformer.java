package dev.modelrouter.spi;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rewrites one provider's traffic. A provider's chain applies its {@code transformer.use} list, then
 * the model's list, to requests, and the same transformers in reverse order to answers, exactly as
 * claude-code-router does. Every hook has an identity default, so a transformer overrides only what it
 * changes.
 *
 * <p>Request hooks are synchronous and pure: they return a new value and never do I/O. Answers are
 * always a stream of canonical events, also for clients that did not ask to stream, so one hook covers
 * both.
 *
 * <pre>{@code
 * public final class ShoutTransformer implements Transformer {
 *     public ChatRequest transformRequest(ChatRequest request, Route route) {
 *         return request.withSampling(request.sampling().withMaxTokens(1024));
 *     }
 *     public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
 *         return events.map(e -> e instanceof StreamEvent.BlockDelta d
 *                 && d.delta() instanceof StreamEvent.Delta.Text t
 *                 ? new StreamEvent.BlockDelta(d.index(), new StreamEvent.Delta.Text(t.text().toUpperCase()))
 *                 : e);
 *     }
 * }
 * }</pre>
 */
public interface Transformer {

    /**
     * Rewrites the canonical request before it is encoded for the provider.
     *
     * @param request the request, already routed ({@code request.model()} is the provider's model)
     * @param route where it goes
     * @return the request to send, usually a modified copy
     */
    default ChatRequest transformRequest(ChatRequest request, Route route) {
        return request;
    }

    /**
     * Rewrites the provider-format body after encoding, for fields the canonical model does not carry
     * (vendor parameters, renamed fields). The body is a fresh object owned by this call; modify it in
     * place or return another.
     *
     * @param body the JSON body in the provider's protocol
     * @param route where it goes
     * @return the body to send
     */
    default ObjectNode transformBody(ObjectNode body, Route route) {
        return body;
    }

    /**
     * Rewrites the answer, event by event. Implementations must keep the stream's shape: one
     * {@code Start}, blocks opened and closed in index order, one {@code Stop}.
     *
     * @param events the answer as canonical events
     * @param route where it came from
     * @return the events to pass on
     */
    default Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return events;
    }

    /**
     * Whether this transformer needs the canonical form. Only transformers that do nothing at all (the
     * protocol markers such as {@code anthropic}) answer {@code false}, which lets a request whose client
     * and provider speak the same protocol go through as bytes.
     */
    default boolean rewrites() {
        return true;
    }
}
