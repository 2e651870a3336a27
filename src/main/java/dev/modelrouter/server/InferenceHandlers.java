package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.ProxyResponse;
import dev.modelrouter.protocol.Protocol;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Token counting, the model list and health; the inference endpoints themselves are served by the
 * {@link FrontDoor}, with this class's body limit and answer headers.
 */
final class InferenceHandlers {

    private final Pipeline pipeline;
    private final LiveConfig live;
    private final Protocol anthropic;
    private final ClientErrors errors;
    private final JsonMapper json;

    InferenceHandlers(Pipeline pipeline, LiveConfig live, Protocol anthropic, ClientErrors errors, JsonMapper json) {
        this.pipeline = pipeline;
        this.live = live;
        this.anthropic = anthropic;
        this.errors = errors;
        this.json = json;
    }

    /** Claude Code's session id, which current versions send on every request. */
    static final String SESSION_HEADER = "x-claude-code-session-id";

    Mono<ServerResponse> countTokens(ServerRequest request) {
        return readBody(request)
                .flatMap(body -> pipeline.countTokens(
                        body,
                        request.headers().firstHeader("anthropic-version"),
                        request.headers().firstHeader("anthropic-beta")))
                .map(count -> json.createObjectNode().put("input_tokens", count))
                .flatMap(out -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsBytes(out)))
                .onErrorResume(e -> errors.respond(anthropic, e));
    }

    Mono<ServerResponse> models(ServerRequest request) {
        RouterConfig config = live.current();
        ObjectNode out = json.createObjectNode();
        ArrayNode data = out.putArray("data");
        for (ProviderConfig p : config.providers()) {
            for (String m : p.models()) {
                String id = p.name() + "," + m;
                data.addObject()
                        .put("type", "model")
                        .put("id", id)
                        .put("display_name", id)
                        .put("created_at", "2025-01-01T00:00:00Z")
                        .put("object", "model")
                        .put("owned_by", p.name());
            }
        }
        out.put("has_more", false);
        out.put("first_id", data.isEmpty() ? null : data.get(0).get("id").asString());
        out.put(
                "last_id",
                data.isEmpty() ? null : data.get(data.size() - 1).get("id").asString());
        out.put("object", "list");
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsBytes(out));
    }

    Mono<ServerResponse> health(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue("{\"status\":\"ok\"}");
    }

    Mono<ServerResponse> hello(ServerRequest request) {
        return ServerResponse.ok().build();
    }

    Mono<ServerResponse> notFound(ServerRequest request) {
        return errors.respond(
                anthropic,
                new RouterException(
                        ErrorKind.NOT_FOUND,
                        "no endpoint " + request.method() + " " + request.path()
                                + "; the router serves POST /v1/messages, POST /v1/messages/count_tokens,"
                                + " POST /v1/chat/completions, GET /v1/models and GET /health"));
    }

    /** The request body, refused early by its declared length and bounded while read. */
    private Mono<byte[]> readBody(ServerRequest request) {
        long limit = live.current().maxBodyBytes();
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > limit) {
            return Mono.error(tooLarge(declared, limit));
        }
        return DataBufferUtils.join(
                        request.body(BodyExtractors.toDataBuffers()), (int) Math.min(limit, Integer.MAX_VALUE))
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(-1, limit))
                .map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .switchIfEmpty(Mono.error(InferenceHandlers::noBody));
    }

    static RouterException noBody() {
        return RouterException.invalid("the request has no body; send a JSON object");
    }

    /** The body is over the limit; {@code declared} is its Content-Length, or -1 when it was found while reading. */
    static RouterException tooLarge(long declared, long limit) {
        return new RouterException(
                ErrorKind.REQUEST_TOO_LARGE,
                "request body "
                        + (declared > 0 ? "of " + declared + " bytes " : "")
                        + "is over the router's limit of " + limit + " bytes (MAX_BODY_BYTES in config.json)");
    }

    /** Whether the answer is an event stream, which goes out chunk by chunk as it arrives. */
    static boolean isStream(ProxyResponse r) {
        return r.headers()
                .getOrDefault("content-type", "")
                .toLowerCase(Locale.ROOT)
                .startsWith("text/event-stream");
    }

    /** The answer's headers as the client gets them: the pipeline's, and no caching of an event stream. */
    static void headers(ProxyResponse r, BiConsumer<String, String> header) {
        r.headers().forEach(header);
        if (isStream(r)) {
            header.accept("cache-control", "no-cache");
        }
    }
}
