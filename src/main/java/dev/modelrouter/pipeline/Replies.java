package dev.modelrouter.pipeline;

import dev.modelrouter.model.WireProtocol;

import dev.modelrouter.config.Resilience;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.upstream.UpstreamReply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    static final String ROUTE_HEADER = "x-router-route";
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final int ANSWER_LIMIT = 64 * 1024 * 1024;

    private final DataBufferFactory buffers;
    private final JsonMapper json;
    private final UnaryOperator<String> redact;

    /** {@code redact} masks secrets in the upstream's error text before it goes anywhere. */
    Replies(DataBufferFactory buffers, JsonMapper json, UnaryOperator<String> redact) {
        this.buffers = buffers;
        this.json = json;
        this.redact = redact;
    }

    /**
     * Same protocol on both sides: status, headers and body relayed as they arrive. A streamed body is
     * re-cut at event boundaries; with a {@code continuer}, its events are also read on the side, so a
     * stream that breaks can be continued by a fallback.
     */
    Mono<ProxyResponse> relay(
            UpstreamReply reply,
            Route route,
            Protocol protocol,
            ChatRequest clientStub,
            Resilience r,
            @Nullable Continuer continuer,
            Supplier<ChatRequest> canonical) {
        if (!reply.ok()) {
            return failure(reply, route, protocol);
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put(ROUTE_HEADER, route.header());
        String what = what(route);
        Flux<DataBuffer> body = StreamGuards.deadlines(reply.body(), r.firstEventTimeout(), r.idleTimeout(), what);
        String type = reply.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream")) {
            Flux<DataBuffer> source = body;
            body = Flux.defer(() -> spliced(source, protocol, clientStub, continuer, canonical, what));
        }
        return Mono.just(new ProxyResponse(reply.status(), headers, body));
    }

    /** The relayed stream with its events read on the side, continued by a fallback if it breaks. */
    private Flux<DataBuffer> spliced(
            Flux<DataBuffer> source,
            Protocol protocol,
            ChatRequest clientStub,
            @Nullable Continuer continuer,
            Supplier<ChatRequest> canonical,
            String what) {
        Splice splice = new Splice();
        SseDecoder decoder = new SseDecoder();
        Protocol.StreamReader reader = protocol.newStreamReader(clientStub);
        Flux<DataBuffer> relayed = SseChunks.atEventBoundaries(source, buffers, bytes -> {
            for (SseFrame frame : decoder.feed(bytes)) {
                try {
                    reader.onFrame(frame).forEach(splice::observe);
                } catch (RouterException e) {
                    throw redacted(e);
                } catch (RuntimeException e) {
                    // a malformed event is a broken stream: it is not relayed, and the stream is continued or ended
                    throw new RouterException(ErrorKind.BAD_GATEWAY, 502, what + " sent a malformed event", null, e);
                }
            }
        });
        Flux<DataBuffer> checked = relayed.concatWith(Flux.defer(() -> splice.complete()
                ? Flux.empty()
                : Flux.error(new RouterException(ErrorKind.BAD_GATEWAY, 502,
                        what + ": the stream ended before the answer was complete", null, null))));
        Flux<DataBuffer> continued = checked.onErrorResume(e -> StreamTranslation.encode(
                continuation(splice, e, continuer, canonical, what), protocol, clientStub, buffers, what));
        return StreamGuards.withPings(continued, buffers);
    }

    /** The fallback's continuation of a broken stream, or the failure when there is none. */
    static Flux<StreamEvent> continuation(
            Splice splice,
            Throwable broke,
            @Nullable Continuer continuer,
            Supplier<ChatRequest> request,
            String what) {
        RouterException cause = Attempts.ClientFacing.of(broke);
        if (continuer == null) {
            return Flux.error(cause);
        }
        String reason = splice.cannotContinue();
        if (reason != null) {
            return Flux.error(new RouterException(cause.kind(), cause.status(),
                    cause.getMessage() + "; " + reason, null, cause));
        }
        boolean prefill = splice.needsPrefill();
        LOG.warn("{} broke off mid-stream ({}); continuing from a fallback", what, cause.getMessage());
        return continuer.continueWith(splice.continuation(request.get()), prefill)
                .flatMapMany(splice::adopt)
                .onErrorMap(e -> new RouterException(cause.kind(), cause.status(), cause.getMessage()
                        + "; the fallback could not continue it either: " + Attempts.ClientFacing.of(e).getMessage(),
                        null, e));
    }

    /** Different protocols: the answer converted, streamed event by event or decoded whole. */
    Mono<ProxyResponse> translate(
            UpstreamReply reply,
            Route route,
            Protocol upstream,
            Protocol client,
            ChatRequest sent,
            ChatRequest asked,
            Resilience r,
            @Nullable Continuer continuer,
            java.util.function.@Nullable UnaryOperator<Flux<StreamEvent>> transform) {
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
            Flux<StreamEvent> decoded = StreamTranslation.decode(body, upstream, sent)
                    .onErrorMap(RouterException.class, this::redacted);
            if (transform != null) {
                decoded = transform.apply(decoded);
            }
            if (continuer != null) {
                Flux<StreamEvent> primary = decoded;
                decoded = Flux.defer(() -> {
                    Splice splice = new Splice();
                    return primary.doOnNext(splice::observe)
                            .onErrorResume(e -> continuation(splice, e, continuer, () -> asked, what));
                });
            }
            Flux<DataBuffer> events = StreamTranslation.encode(decoded, client, asked, buffers, what);
            return Mono.just(new ProxyResponse(200, headers,
                    StreamGuards.withPings(events, buffers)));
        }
        headers.put("content-type", "application/json");
        Mono<ChatResponse> answer = Bodies.readUpTo(body, ANSWER_LIMIT)
                .map(bytes -> upstream.readResponse(parseAnswer(bytes, what), sent));
        if (transform != null) {
            // transformers see one shape of answer, a stream, also when the client did not ask for one
            answer = answer.flatMap(read -> StreamEvents.aggregate(
                    transform.apply(StreamEvents.of(read))));
        }
        return answer.map(response -> new ProxyResponse(200, headers,
                Flux.just(buffers.wrap(json.writeValueAsBytes(client.writeResponse(response, asked))))));
    }

    /** The final failure, in the client's protocol, naming the last target tried. */
    ProxyResponse render(RouterException error, Route route, Protocol client) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put(ROUTE_HEADER, route.header());
        if (error.retryAfter() != null && !error.retryAfter().endsWith("ms")) {
            headers.put("retry-after", error.retryAfter());
        }
        int status = error.status() == 529 && client.wire() != WireProtocol.ANTHROPIC ? 503 : error.status();
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
    Mono<ProxyResponse> failure(UpstreamReply reply, Route route, Protocol upstream) {
        return Bodies.readUpTo(reply.body(), ERROR_BODY_LIMIT).flatMap(bytes -> {
            RouterException read = upstream.readError(reply.status(), bytes, what(route));
            String retryAfter = reply.header("retry-after-ms") != null
                    ? reply.header("retry-after-ms") + "ms"
                    : reply.header("retry-after");
            // the cause is dropped: its message is the upstream's text, unredacted
            return Mono.error(new RouterException(
                    read.kind(), reply.status(), redact.apply(read.getMessage()), retryAfter, null));
        });
    }

    /**
     * {@code e} with its message redacted: the upstream's own error text (a 401 that repeats the key,
     * an in-stream error event) is relayed to the client, logged and kept for status.
     */
    RouterException redacted(RouterException e) {
        String message = e.getMessage();
        String clean = redact.apply(message);
        return clean.equals(message) ? e : new RouterException(e.kind(), e.status(), clean, e.retryAfter(), null);
    }

    static String what(Route route) {
        return "provider '" + route.provider() + "', model '" + route.model() + "'";
    }
}
