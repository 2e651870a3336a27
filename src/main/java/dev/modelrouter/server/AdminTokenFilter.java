package dev.modelrouter.server;

import dev.modelrouter.config.AdminToken;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The admin API ({@code /api/**} but {@code /api/hello}), the metrics ({@code /actuator/**}) and the
 * web UI ({@code /ui/**}) answer only a request that presents the {@link AdminToken}, as
 * {@code Authorization: Bearer <token>} or {@code x-router-admin-token: <token>}, compared in constant
 * time, or the web UI's session cookie ({@link UiSessions}). {@code APIKEY} does not open them: it is
 * the inference clients' key. Runs after {@link LoopbackGuard}, so a web page is refused before its
 * credentials are looked at.
 *
 * <p>A cookie is sent by the browser whoever made the page, so a request that the cookie alone admits
 * must not change anything unless it carries {@link #UI_HEADER}: a form of another site cannot set a
 * header, and a script of another site that could would need CORS, which the daemon never grants. The
 * cookie is {@code SameSite=Strict} as well, and LoopbackGuard refuses foreign {@code Origin}s.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
record AdminTokenFilter(AdminToken token, Path tokenFile, UiSessions sessions, Refusals refusals) implements WebFilter {

    /** The header the router's own CLI sends the token in. */
    static final String HEADER = "x-router-admin-token";

    /** The header the web UI sends with every change it asks for. */
    static final String UI_HEADER = "x-router-ui";

    /**
     * Whether a path, as routing sees it ({@link LoopbackGuard#routedPath}), belongs to the admin side.
     * {@code /api/hello} is Claude Code's reachability probe and stays open.
     */
    static boolean adminPath(String routedPath) {
        return (routedPath.startsWith("/api/") && !routedPath.equals("/api/hello"))
                || routedPath.startsWith("/actuator")
                || uiPath(routedPath);
    }

    /** Whether a routed path belongs to the web UI. */
    static boolean uiPath(String routedPath) {
        return routedPath.equals("/ui") || routedPath.startsWith("/ui/");
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = Refusals.routedPath(exchange);
        if (!adminPath(path) || admitted(request) || loginPage(request, path)) {
            return chain.filter(exchange);
        }
        if (uiPath(path)) {
            return UiHandlers.refuse(exchange.getResponse());
        }
        return refusals.refuse(
                exchange,
                path,
                new RouterException(
                        ErrorKind.AUTHENTICATION,
                        "the admin API needs the admin token in " + tokenFile
                                + ": send it as Authorization: Bearer <token>" + " or " + HEADER
                                + ": <token> (the router CLI does); APIKEY is for the inference endpoints"));
    }

    /** Whether the request presents the token, or a UI session that may do what the request asks. */
    private boolean admitted(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        if (token.matches(headers.getFirst(HEADER))
                || token.matches(bearer(headers.getFirst(HttpHeaders.AUTHORIZATION)))) {
            return true;
        }
        HttpCookie cookie = request.getCookies().getFirst(UiSessions.COOKIE);
        if (cookie == null || !sessions.valid(cookie.getValue())) {
            return false;
        }
        HttpMethod method = request.getMethod();
        return method == HttpMethod.GET || method == HttpMethod.HEAD || "1".equals(headers.getFirst(UI_HEADER));
    }

    /** The login link's page, which checks its one-time code itself. */
    private static boolean loginPage(ServerHttpRequest request, String path) {
        return request.getMethod() == HttpMethod.GET && path.equals(UiHandlers.LOGIN_PATH);
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
    }
}
