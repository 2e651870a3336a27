package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.Redactor;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.observe.BodyCapture;
import dev.modelrouter.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web UI's "show bodies" switch ({@code GET} and {@code PUT /api/ui/bodies}, {@code {"on": true}})
 * and the bodies it keeps ({@code GET /api/requests/{id}/bodies}): the request body and the start of
 * its answer as {@link BodyPreview}s, every secret masked. While the switch is off the daemon keeps no
 * bodies for the UI, and asking for them is refused.
 */
record BodyHandlers(BodyCapture capture, LiveConfig live, Protocol anthropic, ClientErrors errors, JsonMapper json) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/ui/bodies", r -> state())
                .PUT("/api/ui/bodies", this::set)
                .GET("/api/requests/{id}/bodies", this::bodies)
                .build();
    }

    private Mono<ServerResponse> state() {
        return ok(json.createObjectNode().put("on", capture.on()).put("kept", capture.size()));
    }

    Mono<ServerResponse> set(ServerRequest request) {
        return request.bodyToMono(byte[].class)
                .map(json::readTree)
                .filter(body -> body.path("on").isBoolean())
                .switchIfEmpty(Mono.error(() -> RouterException.invalid("send {\"on\": true} or {\"on\": false}")))
                .flatMap(body -> {
                    capture.set(body.path("on").booleanValue());
                    return state();
                })
                .onErrorResume(e -> errors.respond(anthropic, e));
    }

    Mono<ServerResponse> bodies(ServerRequest request) {
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> {
                    if (!capture.on()) {
                        throw new RouterException(
                                ErrorKind.PERMISSION,
                                "\"show bodies\" is off: the daemon keeps no bodies for the UI until it is turned on");
                    }
                    if (!ID.matcher(id).matches()) {
                        throw RouterException.invalid("id must be the 12 hex digits of a request-log line's \"id\"");
                    }
                    BodyCapture.Captured c = capture.get(id)
                            .orElseThrow(() -> new RouterException(ErrorKind.NOT_FOUND, capture.missing(id)));
                    return write(id, c);
                })
                // masking a large body is work for a worker thread, not the event loop
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(this::ok)
                .onErrorResume(e -> errors.respond(anthropic, e));
    }

    private ObjectNode write(String id, BodyCapture.Captured c) {
        List<String> presented = new ArrayList<>();
        if (c.presented() != null) {
            presented.add(c.presented());
        }
        Redactor redactor = live.secrets().redactor().with(presented);
        ObjectNode out = json.createObjectNode().put("id", id);
        BodyPreview request = BodyPreview.of(c.request(), c.request().length, redactor, json);
        preview(out.putObject("request"), request);
        byte[] answer = c.answerStart();
        preview(
                out.putObject("response"),
                BodyPreview.of(answer, Math.max(answer.length, c.answerBytes()), redactor, json));
        return out;
    }

    private static void preview(ObjectNode out, BodyPreview p) {
        out.put("bytes", p.bytes()).put("cut", p.cut()).put("text", p.text());
    }

    private Mono<ServerResponse> ok(JsonNode body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setCacheControl("no-store"))
                .bodyValue(json.writeValueAsBytes(body));
    }
}
