package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.upstream.UpstreamReply;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns an upstream's reply into the client's answer: relayed as is, converted, or as an error. */
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
    Mono<ProxyResponse> relay(UpstreamReply reply, Route route, Protocol upstream, Protocol client) {
        if (!reply.ok()) {
            return error(reply, route, upstream, client);
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put(ROUTE_HEADER, route.header());
        return Mono.just(new ProxyResponse(reply.status(), headers, reply.body()));
    }

    /** Different protocols: the answer converted, streamed event by event or decoded whole. */
    Mono<ProxyResponse> translate(
            UpstreamReply reply, Route route, Protocol upstream, Protocol client, ChatRequest sent, ChatRequest asked) {
        if (!reply.ok()) {
            return error(reply, route, upstream, client);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String requestId = reply.header("request-id") != null ? reply.header("request-id") : reply.header("x-request-id");
        if (requestId != null) {
            headers.put("x-upstream-request-id", requestId);
        }
        headers.put(ROUTE_HEADER, route.header());
        String what = what(route);
        if (asked.stream()) {
            headers.put("content-type", "text/event-stream");
            return Mono.just(new ProxyResponse(
                    200, headers, StreamTranslation.translate(reply.body(), upstream, client, sent, asked, buffers, what)));
        }
        headers.put("content-type", "application/json");
        return Bodies.readUpTo(reply.body(), ANSWER_LIMIT).map(bytes -> {
            ChatResponse response = upstream.readResponse(parseAnswer(bytes, what), sent);
            byte[] out = json.writeValueAsBytes(client.writeResponse(response, asked));
            return new ProxyResponse(200, headers, Flux.just(buffers.wrap(out)));
        });
    }

    private JsonNode parseAnswer(byte[] bytes, String what) {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, 502, what + " answered with a body that is not JSON", null, e);
        }
    }

    private Mono<ProxyResponse> error(UpstreamReply reply, Route route, Protocol upstream, Protocol client) {
        return Bodies.readUpTo(reply.body(), ERROR_BODY_LIMIT).map(bytes -> {
            RouterException error = upstream.readError(reply.status(), bytes, what(route));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/json");
            headers.put(ROUTE_HEADER, route.header());
            if (reply.header("retry-after") != null) {
                headers.put("retry-after", reply.header("retry-after"));
            }
            int status = reply.status() == 529 && client.name().equals("openai") ? 503 : reply.status();
            byte[] out = json.writeValueAsBytes(client.writeError(error));
            return new ProxyResponse(status, headers, Flux.just(buffers.wrap(out)));
        });
    }

    private static String what(Route route) {
        return "provider '" + route.provider() + "', model '" + route.model() + "'";
    }
}
