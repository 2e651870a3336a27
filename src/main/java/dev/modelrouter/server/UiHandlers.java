package dev.modelrouter.server;

import dev.modelrouter.observe.LiveFeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI: its static files from the jar's {@code ui/} folder under {@code /ui/}, the login link's
 * page, the admin call that mints a login link, and the live feed of finished requests as server-sent
 * events. {@link AdminTokenFilter} admits the callers; every answer under {@code /ui} carries a strict
 * Content-Security-Policy (only this origin's files; no inline script or style, no frames).
 */
final class UiHandlers {

    /** The login link's path; its {@code token} query parameter is the one-time code. */
    static final String LOGIN_PATH = "/ui/login";

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]{1,40}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html;charset=utf-8",
            "js",
            "text/javascript;charset=utf-8",
            "css",
            "text/css;charset=utf-8",
            "svg",
            "image/svg+xml");
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final UiSessions sessions;
    private final LiveFeed feed;
    private final JsonMapper json;
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    UiHandlers(UiSessions sessions, LiveFeed feed, JsonMapper json) {
        this.sessions = sessions;
        this.feed = feed;
        this.json = json;
    }

    /** The UI's routes, to be added before any catch-all route. */
    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET(
                        "/ui",
                        r -> secured(ServerResponse.status(HttpStatus.SEE_OTHER).location(URI.create("/ui/")))
                                .build())
                .GET("/ui/", r -> asset(r, "index.html"))
                .GET(LOGIN_PATH, this::login)
                .GET("/ui/{file}", r -> asset(r, r.pathVariable("file")))
                .POST("/api/ui/login-link", this::loginLink)
                .GET("/api/events", this::events)
                .build();
    }

    /** The answer to a UI request without a session: how to get one. */
    static Mono<Void> refuse(ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        secure(response.getHeaders());
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        byte[] text = ("This page needs a login: run `router ui` in a terminal, which opens the UI with a"
                        + " one-time link.\n")
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(text)));
    }

    Mono<ServerResponse> login(ServerRequest request) {
        String session = sessions.redeem(request.queryParam("token").orElse(null));
        if (session == null) {
            return secured(ServerResponse.status(HttpStatus.UNAUTHORIZED))
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue("This login link was used already or has expired. Run `router ui` for a new one.\n");
        }
        ResponseCookie cookie = ResponseCookie.from(UiSessions.COOKIE, session)
                .httpOnly(true)
                .sameSite("Strict")
                .path("/")
                .maxAge(UiSessions.SESSION_LIFETIME)
                .build();
        return secured(ServerResponse.status(HttpStatus.SEE_OTHER).location(URI.create("/ui/")))
                .cookie(cookie)
                .build();
    }

    /** {@code {"url": ".../ui/login?token=<code>"}} on the address the caller used, a loopback one. */
    Mono<ServerResponse> loginLink(ServerRequest request) {
        URI uri = request.uri();
        String url = uri.getScheme() + "://" + uri.getRawAuthority() + LOGIN_PATH + "?token=" + sessions.newCode();
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setCacheControl("no-store"))
                .bodyValue(json.writeValueAsBytes(json.createObjectNode().put("url", url)));
    }

    /**
     * Finished requests as {@code event: request}; first an {@code event: ready} once this subscriber
     * receives them, then a comment every {@link #KEEP_ALIVE} so a closed tab is noticed. The feed's
     * batches go out as written here, one buffer each: Spring's event writer would flush every event.
     */
    Mono<ServerResponse> events(ServerRequest request) {
        Flux<String> requests = feed.subscribe()
                .map(batch -> {
                    StringBuilder text = new StringBuilder(batch.size() * 420);
                    batch.forEach(data -> event(text, "request", data));
                    return text.toString();
                })
                .onErrorResume(
                        IllegalStateException.class,
                        e -> Flux.just(event(
                                        new StringBuilder(),
                                        "refused",
                                        json.createObjectNode()
                                                .put("message", e.getMessage())
                                                .toString())
                                .toString()));
        Flux<String> ready = Flux.just(event(new StringBuilder(), "ready", "{}").toString());
        Flux<String> keepAlive = Flux.interval(KEEP_ALIVE).map(i -> ":keep-alive\n\n");
        // merge subscribes in order: the feed is subscribed before "ready" goes out
        return ServerResponse.ok()
                .contentType(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> h.setCacheControl("no-store"))
                .body(BodyInserters.fromDataBuffers(Flux.merge(requests, ready, keepAlive)
                        .map(text ->
                                DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8)))));
    }

    // one server-sent event; the data is one line of JSON, which escapes every line break
    private static StringBuilder event(StringBuilder text, String name, String data) {
        return text.append("event:").append(name).append("\ndata:").append(data).append("\n\n");
    }

    // A file with its validator: the browser keeps it and asks each time whether it changed (no-cache),
    // so a later visit gets 304s, and a daemon upgraded under an open tab is never served stale.
    private record Asset(byte[] bytes, String etag) {}

    private Mono<ServerResponse> asset(ServerRequest request, String name) {
        Optional<Asset> asset = ASSET.matcher(name).matches() ? load(name) : Optional.empty();
        if (asset.isEmpty()) {
            return secured(ServerResponse.status(HttpStatus.NOT_FOUND))
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue("no such page: /ui/" + name + "\n");
        }
        String etag = asset.get().etag();
        if (request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(etag)) {
            return secured(ServerResponse.status(HttpStatus.NOT_MODIFIED))
                    .headers(h -> cacheable(h, etag))
                    .build();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        return secured(ServerResponse.ok())
                .headers(h -> cacheable(h, etag))
                .header(HttpHeaders.CONTENT_TYPE, type)
                .bodyValue(asset.get().bytes());
    }

    private static void cacheable(HttpHeaders h, String etag) {
        h.setCacheControl("private, no-cache");
        h.setETag(etag);
    }

    private Optional<Asset> load(String name) {
        Asset cached = assets.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = UiHandlers.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Asset asset = new Asset(bytes, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"");
            assets.put(name, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerResponse.BodyBuilder secured(ServerResponse.BodyBuilder builder) {
        return builder.headers(UiHandlers::secure);
    }

    private static void secure(HttpHeaders h) {
        h.set("Content-Security-Policy", CSP);
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        h.setCacheControl("no-store");
    }
}
