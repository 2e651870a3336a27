package dev.modelrouter.server;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.pipeline.Inbound;
import dev.modelrouter.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * "Try it" and "test connection" for the web UI: a short prompt sent through the same pipeline as
 * {@code POST /v1/messages} (routing, resilience, the request log), which the UI cannot call itself
 * because {@link BrowserGuard} refuses every browser on the inference endpoints. The admin filter
 * admits these, so they carry the admin token or the UI's session and CSRF header.
 */
final class TryHandlers {

    /** One enum per concept: what a failed connection test names. */
    enum Failure {
        DNS("the host name does not resolve (DNS)"),
        CONNECT("nothing answers at that address (connection refused or unreachable)"),
        TLS("the TLS handshake failed (certificate or protocol)"),
        KEY("the provider refused the key (401/403): check api_key"),
        MODEL("the provider does not know the model or the URL (404)"),
        TIMEOUT("the provider did not answer in time"),
        OTHER("the provider answered with an error");

        final String says;

        Failure(String says) {
            this.says = says;
        }
    }

    private static final int MAX_PROMPT = 4_000;
    /** The UI's requests are Anthropic ones of a fixed version, outside any Claude Code session. */
    private static final Inbound.Headers TRY_HEADERS = new Inbound.Headers("2023-06-01", null, null);

    private final Pipeline pipeline;
    private final dev.modelrouter.config.LiveConfig live;
    private final JsonMapper json;

    TryHandlers(Pipeline pipeline, dev.modelrouter.config.LiveConfig live, JsonMapper json) {
        this.pipeline = pipeline;
        this.live = live;
        this.json = json;
    }

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/api/try", this::tryIt)
                .POST("/api/providers/{name}/test", this::test)
                .build();
    }

    /**
     * {@code {"prompt", "model"}} with {@code model} a {@code provider,model} or any other name, which
     * the router routes as Claude Code's would be; answers the Anthropic SSE stream as the pipeline writes it,
     * with {@code x-router-route}.
     */
    Mono<ServerResponse> tryIt(ServerRequest request) {
        return request.bodyToMono(byte[].class)
                .switchIfEmpty(Mono.error(
                        () -> RouterException.invalid("send {\"prompt\": \"...\", \"model\": \"provider,model\"}")))
                .flatMap(bytes -> {
                    JsonNode in = json.readTree(bytes);
                    String prompt = in.path("prompt").asString("");
                    String model = in.path("model").asString("");
                    if (prompt.isBlank() || prompt.length() > MAX_PROMPT || model.isBlank()) {
                        return Mono.error(RouterException.invalid("a prompt of 1 to " + MAX_PROMPT
                                + " characters and a model (provider,model, or a name to route) are needed"));
                    }
                    return pipeline.serve(Inbound.anthropic(body(model, prompt, 512, true), TRY_HEADERS));
                })
                .flatMap(r -> ServerResponse.status(HttpStatusCode.valueOf(r.status()))
                        .headers(h -> r.headers().forEach(h::set))
                        .headers(h -> h.setCacheControl("no-store"))
                        .body(BodyInserters.fromDataBuffers(r.body())))
                .onErrorResume(RouterException.class, e -> problem(e.status(), e.getMessage()));
    }

    /**
     * Sends one token's worth of request to the provider's first model, straight to it (an explicit
     * {@code provider,model}), and answers {@code {"ok", "status", "failure", "message", "ms"}}.
     */
    Mono<ServerResponse> test(ServerRequest request) {
        String name = request.pathVariable("name");
        ProviderConfig provider = live.current().providers().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElse(null);
        if (provider == null || provider.models().isEmpty()) {
            return problem(404, "no provider " + name + " with a model in the config");
        }
        long start = System.nanoTime();
        return pipeline.serve(
                        Inbound.anthropic(body(name + "," + provider.models().get(0), "ping", 1, false), TRY_HEADERS))
                .flatMap(r -> DataBufferUtils.join(r.body())
                        .map(b -> {
                            String text = b.toString(StandardCharsets.UTF_8);
                            DataBufferUtils.release(b);
                            return verdict(r.status(), text, start);
                        })
                        .defaultIfEmpty(verdict(r.status(), "", start)))
                .onErrorResume(RouterException.class, e -> Mono.just(verdict(e.status(), e.getMessage(), start)))
                .onErrorResume(e -> Mono.just(verdict(502, String.valueOf(e.getMessage()), start)))
                .flatMap(out -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsBytes(out)));
    }

    private ObjectNode verdict(int status, String answer, long start) {
        ObjectNode out = json.createObjectNode();
        out.put("ok", status / 100 == 2);
        out.put("status", status);
        out.put("ms", (System.nanoTime() - start) / 1_000_000);
        String message = status / 100 == 2 ? "" : message(answer);
        if (status / 100 != 2) {
            Failure f = classify(status, message);
            out.put("failure", f.name().toLowerCase(Locale.ROOT));
            out.put("says", f.says);
        }
        out.put("message", message);
        return out;
    }

    private String message(String answer) {
        try {
            JsonNode node = json.readTree(answer);
            String m = node.path("error").path("message").asString("");
            return m.isEmpty() ? answer : m;
        } catch (RuntimeException e) {
            return answer;
        }
    }

    static Failure classify(int status, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403) {
            return Failure.KEY;
        }
        if (status == 404) {
            return Failure.MODEL;
        }
        if (m.contains("unknownhost")
                || m.contains("failed to resolve")
                || m.contains("resolve")
                || m.contains("dns")) {
            return Failure.DNS;
        }
        if (m.contains("ssl") || m.contains("tls") || m.contains("certificate") || m.contains("handshake")) {
            return Failure.TLS;
        }
        if (m.contains("connection refused") || m.contains("connect") || m.contains("unreachable")) {
            return Failure.CONNECT;
        }
        if (status == 504 || m.contains("timed out") || m.contains("timeout")) {
            return Failure.TIMEOUT;
        }
        return Failure.OTHER;
    }

    private byte[] body(String model, String prompt, int maxTokens, boolean stream) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model).put("max_tokens", maxTokens).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return json.writeValueAsBytes(body);
    }

    private Mono<ServerResponse> problem(int status, String message) {
        ObjectNode body = json.createObjectNode();
        body.put("type", "error");
        body.putObject("error").put("type", "invalid_request_error").put("message", message);
        return ServerResponse.status(HttpStatusCode.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(body));
    }
}
