package dev.modelrouter.server;

import dev.modelrouter.clients.ClientGate;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * When {@code APIKEY} is set, every endpoint but {@code /health} and the admin side (which takes the
 * admin token instead, see {@link AdminTokenFilter}) requires it, as {@code x-api-key},
 * {@code x-goog-api-key} or {@code Authorization: Bearer}, compared in constant time. The key is read
 * from the live config on each request, so a reload that changes it applies at once. {@link FrontDoor},
 * which serves {@code POST /v1/messages} ahead of the web filters, applies the same {@link #refusal}.
 * With {@code ClientKeys} the request must present one of them instead; which limits apply to it is
 * decided later, in the pipeline, once its route is known.
 */
record ApiKeyFilter(LiveConfig live, ClientGate clients, Refusals refusals) implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = Refusals.routedPath(exchange);
        if (exchange.getRequest().getPath().value().equals("/health") || AdminTokenFilter.adminPath(path)) {
            return chain.filter(exchange);
        }
        RouterException refusal =
                refusal(live.current(), clients, exchange.getRequest().getHeaders()::getFirst);
        return refusal == null ? chain.filter(exchange) : refusals.refuse(exchange, path, refusal);
    }

    /**
     * Why a request may not pass, or {@code null} when it may: with {@code ClientKeys} it must present
     * one of them (or {@code APIKEY}, the operator's own, when set); without, {@link #refusal(String, Function)}.
     */
    static @Nullable RouterException refusal(
            RouterConfig config, ClientGate clients, Function<String, @Nullable String> header) {
        if (!clients.guards(config)) {
            return refusal(config.apiKey(), header);
        }
        String presented = presented(header);
        String operator = config.apiKey();
        if (clients.identify(config, presented) != null
                || operator != null && !operator.isEmpty() && matches(operator, presented)) {
            return null;
        }
        return new RouterException(
                ErrorKind.AUTHENTICATION,
                presented == null
                        ? "missing client key: send your key as x-api-key or Authorization: Bearer"
                        : "unknown client key: this router does not know the key sent");
    }

    /**
     * Why a request may not pass, or {@code null} when it may.
     *
     * @param expected the configured {@code APIKEY}; none or empty lets every request pass
     * @param header the request's first value of a header, by case-insensitive name
     */
    static @Nullable RouterException refusal(@Nullable String expected, Function<String, @Nullable String> header) {
        if (expected == null || expected.isEmpty() || matches(expected, presented(header))) {
            return null;
        }
        return new RouterException(
                ErrorKind.AUTHENTICATION,
                "missing or wrong API key: send the router's APIKEY as x-api-key or Authorization: Bearer");
    }

    /** The key the request presents, from the first of the headers a client may send it in. */
    static @Nullable String presented(Function<String, @Nullable String> header) {
        String key = header.apply("x-api-key");
        if (key != null) {
            return key;
        }
        String google = header.apply("x-goog-api-key");
        if (google != null) {
            return google;
        }
        String auth = header.apply("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    static boolean matches(String expected, @Nullable String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
