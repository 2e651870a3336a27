package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.RequestBody;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.upstream.UpstreamClient;
import dev.modelrouter.upstream.UpstreamReply;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The way out, shared by both strategies: sends one call to a provider (resting a key it refused),
 * turns a non-2xx reply into a failure signal for {@link Attempts}, and renders the final failure in
 * the client's protocol.
 */
final class Egress {

    static final String ROUTE_HEADER = "x-router-route";
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final UpstreamClient upstream;
    private final ProviderEndpoint endpoints;
    private final DataBufferFactory buffers;
    private final JsonMapper json;
    private final UnaryOperator<String> redact;

    /** {@code redact} masks secrets in the upstream's error text before it goes anywhere. */
    Egress(
            UpstreamClient upstream,
            ProviderEndpoint endpoints,
            DataBufferFactory buffers,
            JsonMapper json,
            UnaryOperator<String> redact) {
        this.upstream = upstream;
        this.endpoints = endpoints;
        this.buffers = buffers;
        this.json = json;
        this.redact = redact;
    }

    DataBufferFactory buffers() {
        return buffers;
    }

    JsonMapper json() {
        return json;
    }

    /**
     * Sends {@code body} to the route's provider, with the provider's key and the client's Anthropic
     * headers; a key that was refused or rate-limited rests while the pool's others serve.
     */
    Mono<UpstreamReply> send(Dispatch d, byte[] body, boolean stream) {
        return send(d, RequestBody.of(body), stream);
    }

    /** {@link #send(Dispatch, byte[], boolean)} for a body that may be in pieces of the client's body. */
    Mono<UpstreamReply> send(Dispatch d, RequestBody body, boolean stream) {
        Exchange x = d.exchange();
        Route route = d.route();
        ProviderConfig provider = d.provider();
        URI uri = endpoints.uri(provider, route.model(), stream);
        Inbound.Headers h = x.inbound().headers();
        ProviderEndpoint.Prepared prepared =
                endpoints.prepare(provider, h.anthropicVersion(), h.anthropicBeta(), stream);
        UpstreamCall call =
                new UpstreamCall(uri, prepared.headers(), body, () -> ProviderEndpoint.describe(provider, uri));
        RouterConfig config = x.config();
        return endpoints
                .authorize(provider, call)
                .flatMap(authorized -> ScriptHooks.send(
                        d.chain(),
                        provider,
                        authorized,
                        c -> upstream.send(
                                c, config.proxyUrl(), provider.resilience().connectTimeout())))
                .doOnNext(reply -> {
                    if (reply.status() == 429 || reply.status() == 401) {
                        Duration rest = Duration.ofSeconds(reply.status() == 401 ? 300 : 30);
                        String after = reply.header("retry-after");
                        if (after != null && after.chars().allMatch(Character::isDigit) && !after.isEmpty()) {
                            rest = Duration.ofSeconds(Long.parseLong(after));
                        }
                        endpoints.coolDown(provider, prepared.keyIndex(), rest);
                    }
                });
    }

    /** A non-2xx reply as a failure signal, with the provider's message and Retry-After. */
    <T> Mono<T> failure(UpstreamReply reply, Route route, Protocol upstream) {
        return Bodies.readUpTo(reply.body(), ERROR_BODY_LIMIT).flatMap(bytes -> {
            RouterException read = upstream.readError(reply.status(), bytes, what(route));
            String retryAfter = reply.header("retry-after-ms") != null
                    ? reply.header("retry-after-ms") + "ms"
                    : reply.header("retry-after");
            // the cause is dropped: its message is the upstream's text, unredacted
            return Mono.error(new RouterException(
                    read.kind(), reply.status(), redact.apply(read.getMessage()), retryAfter, null, read.code()));
        });
    }

    /** The final failure, in the client's protocol, naming the last target tried. */
    ProxyResponse render(RouterException error, Route route, Protocol client) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(ROUTE_HEADER, route.header());
        if (error.retryAfter() != null && !error.retryAfter().endsWith("ms")) {
            headers.put("retry-after", error.retryAfter());
        }
        int status = error.status() == 529 && client.wire() != WireProtocol.ANTHROPIC ? 503 : error.status();
        return new ProxyResponse(
                status, headers, Flux.just(buffers.wrap(json.writeValueAsBytes(client.writeError(error)))));
    }

    /**
     * {@code e} with its message redacted: the upstream's own error text (a 401 that repeats the key,
     * an in-stream error event) is relayed to the client, logged and kept for status.
     */
    RouterException redacted(RouterException e) {
        String message = e.getMessage();
        String clean = redact.apply(message);
        // The redacted copy drops the cause: its message is the unredacted text.
        return clean.equals(message)
                ? e
                : new RouterException(e.kind(), e.status(), clean, e.retryAfter(), null, e.code());
    }

    static String what(Route route) {
        return "provider '" + route.provider() + "', model '" + route.model() + "'";
    }
}
