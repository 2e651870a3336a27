package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps web pages from spending the user's credit through the inference endpoints. A page can make
 * the browser POST to 127.0.0.1 without a CORS preflight (a "simple" request: form or text
 * content types, no custom headers), or point its own name at 127.0.0.1 (DNS rebinding) and read the
 * answers. Browsers mark such requests; Claude Code, the SDKs and curl do not. So {@code /v1/**} and
 * {@code /v1beta/**} refuse, before anything goes upstream and in the client's own protocol:
 * any {@code Origin} (403), a {@code Sec-Fetch-Site} other than {@code none} or {@code same-origin}
 * (403; a page on another localhost port is "same-site"), a {@code Host} that is neither a loopback
 * name nor the configured {@code HOST} (403), and a body whose {@code Content-Type} is not JSON
 * (415; none at all is allowed, as no browser form can send that). On every path, a request with two
 * {@code Host} or two {@code Origin} headers is a 400: a check reads one and a server may use the
 * other. {@link FrontDoor}, which serves the inference endpoints ahead of the web filters,
 * applies the same {@link #refusal}. It runs ahead of {@link LoopbackGuard}, which reads the first Host
 * and Origin.
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
record BrowserGuard(LiveConfig live, Refusals refusals) implements WebFilter {

    /** Sec-Fetch-Site values that a page on another origin cannot cause. */
    private static final Set<String> OWN_SITE = Set.of("none", "same-origin");

    /** HOST values that listen on every address: any name the machine has may reach them. */
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]", "*");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = Refusals.routedPath(exchange);
        RouterException refusal = refusal(
                exchange.getRequest().getMethod(),
                path,
                exchange.getRequest().getHeaders()::getOrEmpty,
                live.current().host());
        return refusal == null ? chain.filter(exchange) : refusals.refuse(exchange, path, refusal);
    }

    /**
     * Why a request may not pass, or {@code null} when it may.
     *
     * @param method the request's method
     * @param path the path as routing sees it ({@link LoopbackGuard#routedPath})
     * @param header every value of a request header, by case-insensitive name
     * @param configuredHost config.json's {@code HOST}
     */
    static @Nullable RouterException refusal(
            HttpMethod method, String path, Function<String, List<String>> header, String configuredHost) {
        List<String> hosts = header.apply("host");
        List<String> origins = header.apply("origin");
        if (hosts.size() > 1 || origins.size() > 1) {
            return RouterException.invalid("the request has "
                    + (hosts.size() > 1 ? "more than one Host" : "more than one Origin") + " header; send one");
        }
        if (!path.startsWith("/v1/") && !path.startsWith("/v1beta/")) {
            return null;
        }
        if (!origins.isEmpty()) {
            return forbidden(
                    "the router's inference endpoints do not answer web pages (Origin '" + origins.get(0) + "')");
        }
        List<String> site = header.apply("sec-fetch-site");
        if (!site.isEmpty() && !OWN_SITE.contains(site.get(0).trim().toLowerCase(Locale.ROOT))) {
            return forbidden(
                    "the router's inference endpoints do not answer web pages (Sec-Fetch-Site '" + site.get(0) + "')");
        }
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (!LoopbackGuard.loopbackHost(host) && !configuredHost(host, configuredHost)) {
            return forbidden("the router answers only requests addressed to 127.0.0.1, localhost, [::1] or its HOST"
                    + " (Host header was " + (host == null ? "missing" : "'" + host + "'") + ")");
        }
        List<String> type = header.apply("content-type");
        if (HttpMethod.POST.equals(method) && !type.isEmpty() && !json(type.get(0))) {
            return new RouterException(
                    ErrorKind.INVALID_REQUEST,
                    415,
                    "the body must be JSON: send Content-Type:" + " application/json (was '" + type.get(0)
                            + "'; curl -d sends a form unless told otherwise)",
                    null,
                    null);
        }
        return null;
    }

    private static RouterException forbidden(String message) {
        return new RouterException(ErrorKind.PERMISSION, message);
    }

    /** {@code application/json} or {@code application/*+json}, parameters such as a charset allowed. */
    static boolean json(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        if (type.equals("application/json")) {
            return true;
        }
        return type.startsWith("application/")
                && type.endsWith("+json")
                && type.indexOf('/') == type.lastIndexOf('/')
                && type.length() > "application/+json".length();
    }

    /** The Host header names the configured HOST (any port), or HOST listens on every address. */
    static boolean configuredHost(@Nullable String hostHeader, String configured) {
        String want = configured.trim().toLowerCase(Locale.ROOT);
        if (WILDCARD.contains(want)) {
            return true;
        }
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        String name = h.startsWith("[")
                ? h.substring(0, Math.max(h.indexOf(']') + 1, 0))
                : h.indexOf(':') < 0 ? h : h.substring(0, h.indexOf(':'));
        String bare = want.startsWith("[") && want.endsWith("]") ? want : want.contains(":") ? "[" + want + "]" : want;
        return !name.isEmpty() && name.equals(bare);
    }
}
