package dev.modelrouter.pipeline;

import dev.modelrouter.config.Resilience;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.upstream.UpstreamReply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an upstream's reply into the client's answer: relayed as is, or converted; a non-2xx reply
 * becomes a failure signal for {@link Attempts} to retry, hand to the next target, or render.
 */
final class Replies {

    static final String ROUTE_HEADER = "x-router-route";
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final int ANSWER_LIMIT = 64 * 1024 * 1024;

    private final DataBufferFactory buffers;
    private final JsonMapper json;

    Replies(DataBufferFactory buffers, JsonMapper json) {
        this.buffers = buffers;
        this.json = json;
    }

    /** Same protocol on both sides: status, headers and body relayed as they arrive. */
    Mono<ProxyResponse> relay(UpstreamReply reply, Route route, Protocol protocol, ChatRequest clientStub, Resilience r) {
        if (!reply.ok()) {
            return failure(reply, route, protocol);
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put(ROUTE_HEADER, route.header());
        Flux<DataBuffer> body = StreamGuards.deadlines(reply.body(), r.firstEventTimeout(), r.idleTimeout(), what(route));
        String type = reply.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream")) {
            body = StreamGuards.sse(body, buffers, e -> protocol.newStreamWriter(clientStub).onError(e));
        }
        return Mono.just(new ProxyResponse(reply.status(), headers, body));
    }

    /** Different protocols: the answer converted, streamed event by event or decoded whole. */
    Mono<ProxyResponse> translate(
            UpstreamReply reply,
            Route route,
            Protocol upstream,
            Protocol client,
            ChatRequest sent,
            ChatRequest asked,
            Resilience r) {
        if (!reply.ok()) {
            return failure(reply, route, upstream);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String requestId = reply.header("request-id") != null ? reply.header("request-id") : reply.header("x-request-id");
        if (requestId != null) {
            headers.put("x-upstream-request-id", requestId);
        }
        headers.put(ROUTE_HEADER, route.header());
        String what = what(route);
        Flux<DataBuffer> body = StreamGuards.deadlines(reply.body(), r.firstEventTimeout(), r.idleTimeout(), what);
        if (asked.stream()) {
            headers.put("content-type", "text/event-stream");
            Flux<DataBuffer> events = StreamTranslation.encode(
                    StreamTranslation.decode(body, upstream, sent), client, asked, buffers, what);
            return Mono.just(new ProxyResponse(200, headers,
                    StreamGuards.withPings(events, buffers, new java.util.concurrent.atomic.AtomicBoolean(true))));
        }
        headers.put("content-type", "application/json");
        return Bodies.readUpTo(body, ANSWER_LIMIT).map(bytes -> {
            ChatResponse response = upstream.readResponse(parseAnswer(bytes, what), sent);
            byte[] out = json.writeValueAsBytes(client.writeResponse(response, asked));
            return new ProxyResponse(200, headers, Flux.just(buffers.wrap(out)));
        });
    }

    /** The final failure, in the client's protocol, naming the last target tried. */
    ProxyResponse render(RouterException error, Route route, Protocol client) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(ROUTE_HEADER, route.header());
        if (error.retryAfter() != null && !error.retryAfter().endsWith("ms")) {
            headers.put("retry-after", error.retryAfter());
        }
        int status = error.status() == 529 && client.name().equals("openai") ? 503 : error.status();
        return new ProxyResponse(status, headers, Flux.just(buffers.wrap(json.writeValueAsBytes(client.writeError(error)))));
    }

    private JsonNode parseAnswer(byte[] bytes, String what) {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, 502, what + " answered with a body that is not JSON", null, e);
        }
    }

    /** A non-2xx reply as a failure signal, with the provider's message and Retry-After. */
    private Mono<ProxyResponse> failure(UpstreamReply reply, Route route, Protocol upstream) {
        return Bodies.readUpTo(reply.body(), ERROR_BODY_LIMIT).flatMap(bytes -> {
            RouterException read = upstream.readError(reply.status(), bytes, what(route));
            String retryAfter = reply.header("retry-after-ms") != null
                    ? reply.header("retry-after-ms") + "ms"
                    : reply.header("retry-after");
            return Mono.error(new RouterException(read.kind(), reply.status(), read.getMessage(), retryAfter, read));
        });
    }

    static String what(Route route) {
        return "provider '" + route.provider() + "', model '" + route.model() + "'";
    }
}
