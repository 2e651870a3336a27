package dev.modelrouter.server;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.pipeline.Protocols;
import dev.modelrouter.protocol.Protocol;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How the web filters refuse a request: on the exchange's response, before any handler runs, as an
 * error in the protocol the request's path speaks, so that every client can read why.
 */
record Refusals(Protocols protocols, ClientErrors errors) {

    /** The request's path as routing sees it ({@link LoopbackGuard#routedPath}), which is what a filter decides on. */
    static String routedPath(ServerWebExchange exchange) {
        return LoopbackGuard.routedPath(exchange.getRequest().getPath().pathWithinApplication());
    }

    /** Answers the exchange with {@code refusal}, in the protocol of its routed path (Anthropic's off the inference paths). */
    Mono<Void> refuse(ServerWebExchange exchange, String routedPath, RouterException refusal) {
        return errors.write(exchange.getResponse(), protocol(routedPath), refusal);
    }

    private Protocol protocol(String routedPath) {
        if (routedPath.startsWith("/v1/chat/")) {
            return protocols.openai();
        }
        return routedPath.startsWith("/v1beta/") ? protocols.gemini() : protocols.anthropic();
    }
}
