package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * When {@code APIKEY} is set, every endpoint but {@code /health} requires it, as {@code x-api-key} or
 * {@code Authorization: Bearer}, compared in constant time. The key is read from the live config on
 * each request, so a reload that changes it applies at once.
 */
final class ApiKeyFilter implements WebFilter {

    private final LiveConfig live;
    private final Protocol anthropic;
    private final Protocol openai;
    private final JsonMapper json;

    ApiKeyFilter(LiveConfig live, Protocol anthropic, Protocol openai, JsonMapper json) {
        this.live = live;
        this.anthropic = anthropic;
        this.openai = openai;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String expected = live.current().apiKey();
        String path = exchange.getRequest().getPath().value();
        if (expected == null || expected.isEmpty() || path.equals("/health")) {
            return chain.filter(exchange);
        }
        if (matches(expected, presented(exchange.getRequest().getHeaders()))) {
            return chain.filter(exchange);
        }
        Protocol protocol = path.startsWith("/v1/chat/") ? openai : anthropic;
        RouterException error = new RouterException(
                ErrorKind.AUTHENTICATION,
                "missing or wrong API key: send the router's APIKEY as x-api-key or Authorization: Bearer");
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = json.writeValueAsBytes(protocol.writeError(error));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    static @Nullable String presented(HttpHeaders headers) {
        String key = headers.getFirst("x-api-key");
        if (key != null) {
            return key;
        }
        String google = headers.getFirst("x-goog-api-key");
        if (google != null) {
            return google;
        }
        String auth = headers.getFirst(HttpHeaders.AUTHORIZATION);
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
