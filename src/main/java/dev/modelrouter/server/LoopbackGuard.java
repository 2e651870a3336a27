package dev.modelrouter.server;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps web pages from driving the admin API through the user's browser. A page on another site can
 * make the browser send requests to 127.0.0.1 (CSRF), or point its own name at 127.0.0.1 (DNS
 * rebinding); in both cases the browser sends that site's name as {@code Host} or {@code Origin}. So
 * {@code /api/**} and {@code /actuator/**} answer only requests whose {@code Host} is a loopback name
 * and whose {@code Origin}, when present, is a loopback origin. {@code /api/hello} is Claude Code's
 * reachability probe and stays open. {@link AdminTokenFilter} then asks for the admin token.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
record LoopbackGuard(Refusals refusals) implements WebFilter {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = Refusals.routedPath(exchange);
        if (!AdminTokenFilter.adminPath(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String host = headers.getFirst(HttpHeaders.HOST);
        String origin = headers.getFirst(HttpHeaders.ORIGIN);
        String refusal = null;
        if (!loopbackHost(host)) {
            refusal = "the admin API answers only requests addressed to 127.0.0.1, localhost or [::1]"
                    + " (Host header was " + (host == null ? "missing" : "'" + host + "'") + ")";
        } else if (origin != null && !loopbackOrigin(origin)) {
            refusal = "the admin API does not answer requests from web pages (Origin '" + origin + "')";
        }
        if (refusal == null) {
            return chain.filter(exchange);
        }
        return refusals.refuse(exchange, path, new RouterException(ErrorKind.PERMISSION, refusal));
    }

    /**
     * The path as routing sees it: each segment decoded and without its matrix parameters, as Spring's
     * path patterns match them ({@code /%61pi/status} and {@code /api;x=1/status} reach
     * {@code /api/status}), and with empty segments left out so that no doubled slash slips past.
     * The raw path is what the client sent, not what is served.
     */
    static String routedPath(PathContainer path) {
        StringBuilder out = new StringBuilder();
        for (PathContainer.Element element : path.elements()) {
            if (element instanceof PathContainer.PathSegment segment
                    && !segment.valueToMatch().isEmpty()) {
                out.append('/').append(segment.valueToMatch());
            }
        }
        String last = path.value();
        return out.length() == 0 || last.endsWith("/") ? out.append('/').toString() : out.toString();
    }

    /** {@code host} or {@code host:port}, IPv6 literals in brackets. */
    static boolean loopbackHost(@Nullable String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0 || (close + 1 < h.length() && !port(h.substring(close + 1)))) {
                return false;
            }
            return h.substring(0, close + 1).equals("[::1]");
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!port(h.substring(colon))) {
                return false;
            }
            h = h.substring(0, colon);
        }
        return LOOPBACK.contains(h);
    }

    static boolean loopbackOrigin(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return false;
            }
            String authority = uri.getRawAuthority();
            String path = uri.getRawPath();
            return authority != null
                    && (path == null || path.isEmpty() || path.equals("/"))
                    && !authority.contains("@")
                    && loopbackHost(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean port(String colonAndDigits) {
        if (colonAndDigits.length() < 2 || colonAndDigits.length() > 6 || colonAndDigits.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < colonAndDigits.length(); i++) {
            if (!Character.isDigit(colonAndDigits.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
