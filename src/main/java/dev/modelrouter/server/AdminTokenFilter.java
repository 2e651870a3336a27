package dev.modelrouter.server;

import dev.modelrouter.config.AdminToken;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The admin API ({@code /api/**} but {@code /api/hello}) and the metrics ({@code /actuator/**}) answer
 * only a request that presents the {@link AdminToken}, as {@code Authorization: Bearer <token>} or
 * {@code x-router-admin-token: <token>}, compared in constant time. {@code APIKEY} does not open them:
 * it is the inference clients' key. Runs after {@link LoopbackGuard}, so a web page is refused before
 * its credentials are looked at.
 */
final class AdminTokenFilter implements WebFilter, Ordered {

    /** The header the router's own CLI sends the token in. */
    static final String HEADER = "x-router-admin-token";

    private final AdminToken token;
    private final Path tokenFile;
    private final Protocol anthropic;
    private final ClientErrors errors;

    AdminTokenFilter(AdminToken token, Path tokenFile, Protocol anthropic, ClientErrors errors) {
        this.token = token;
        this.tokenFile = tokenFile;
        this.anthropic = anthropic;
        this.errors = errors;
    }

    /**
     * Whether a path, as routing sees it ({@link LoopbackGuard#routedPath}), belongs to the admin side.
     * {@code /api/hello} is Claude Code's reachability probe and stays open.
     */
    static boolean adminPath(String routedPath) {
        return (routedPath.startsWith("/api/") && !routedPath.equals("/api/hello")) || routedPath.startsWith("/actuator");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!adminPath(LoopbackGuard.routedPath(request.getPath().pathWithinApplication())) || admitted(request)) {
            return chain.filter(exchange);
        }
        return errors.write(exchange.getResponse(), anthropic, new RouterException(ErrorKind.AUTHENTICATION,
                "the admin API needs the admin token in " + tokenFile + ": send it as Authorization: Bearer <token>"
                        + " or " + HEADER + ": <token> (the router CLI does); APIKEY is for the inference endpoints"));
    }

    /** Whether the request presents the token; the web UI's session cookie (issue 16) will be one more way. */
    private boolean admitted(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return token.matches(headers.getFirst(HEADER)) || token.matches(bearer(headers.getFirst(HttpHeaders.AUTHORIZATION)));
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
    }
}
