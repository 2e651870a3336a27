package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.observe.BodyCapture;
import dev.modelrouter.pipeline.Inbound;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.Protocols;
import dev.modelrouter.pipeline.ProxyResponse;
import dev.modelrouter.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The one front door of every inference endpoint: {@code POST /v1/messages} (Claude Code's, by far the
 * busiest), {@code POST /v1/chat/completions} and {@code POST /v1beta/models/{model}:generateContent} or
 * {@code :streamGenerateContent}, served on Reactor Netty ahead of Spring WebFlux: the exchange, web
 * filter chain, dispatcher and {@code ServerResponse} cost about 57 µs of CPU per request. Every other
 * request, including these paths with another method or a trailing slash, goes on to Spring.
 *
 * <p>What Spring's chain does for other paths is done here by the same code: {@link BrowserGuard#refusal}
 * and {@link ApiKeyFilter#refusal} (the web filters that apply to these paths; {@link LoopbackGuard} guards
 * the admin paths), the body limit and answer headers of {@link InferenceHandlers}, the errors of
 * {@link ClientErrors}. Request log, metrics and usage come from the {@link Pipeline}.
 */
final class FrontDoor implements NettyRouteProvider {

    /** Arrays this long and longer cannot be allocated. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The most allocated for a body before its bytes arrive. */
    private static final long FIRST_MAX = 1 << 20;

    private static final String GEMINI_PREFIX = "/v1beta/models/";

    /** The inference endpoints, each with the protocol it speaks. */
    enum Endpoint {
        MESSAGES("/v1/messages", WireProtocol.ANTHROPIC),
        CHAT_COMPLETIONS("/v1/chat/completions", WireProtocol.OPENAI),
        GEMINI(GEMINI_PREFIX, WireProtocol.GEMINI);

        final String path;
        final WireProtocol protocol;

        Endpoint(String path, WireProtocol protocol) {
            this.path = path;
            this.protocol = protocol;
        }
    }

    /**
     * A request for an endpoint: which one, its path as routing sees it (no query), and for Gemini the
     * URL's model and method.
     */
    record Call(
            Endpoint endpoint,
            String path,
            @Nullable String model,
            @Nullable String method) {}

    private final Pipeline pipeline;
    private final LiveConfig live;
    private final Protocols protocols;
    private final ClientErrors errors;
    private final BodyCapture bodies;

    FrontDoor(Pipeline pipeline, LiveConfig live, Protocols protocols, ClientErrors errors, BodyCapture bodies) {
        this.pipeline = pipeline;
        this.live = live;
        this.protocols = protocols;
        this.errors = errors;
        this.bodies = bodies;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> call(request) != null, this::handle);
    }

    /**
     * The endpoint a request is for, or {@code null} to leave it to Spring: a POST to one of the paths,
     * with or without a query ({@code ?beta=true} from Claude Code, {@code ?alt=sse} from Gemini's),
     * which Spring's routes ignored too. Only the raw path as Spring would match it: an escaped or
     * doubled slash, or a trailing one, is left to Spring, which answers it as before.
     */
    static @Nullable Call call(HttpServerRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return null;
        }
        String uri = originForm(request.uri());
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (path.equals(Endpoint.MESSAGES.path)) {
            return new Call(Endpoint.MESSAGES, path, null, null);
        }
        if (path.equals(Endpoint.CHAT_COMPLETIONS.path)) {
            return new Call(Endpoint.CHAT_COMPLETIONS, path, null, null);
        }
        if (!path.startsWith(GEMINI_PREFIX)
                || path.length() == GEMINI_PREFIX.length()
                || path.indexOf('/', GEMINI_PREFIX.length()) >= 0) {
            return null;
        }
        // one path segment, as Spring's {modelAction} matched it: path parameters dropped, then decoded
        String segment = path.substring(GEMINI_PREFIX.length());
        int parameters = segment.indexOf(';');
        String action;
        try {
            action = UriUtils.decode(
                    parameters < 0 ? segment : segment.substring(0, parameters), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null; // a broken escape: Spring's answer, as before
        }
        int colon = action.lastIndexOf(':');
        return new Call(
                Endpoint.GEMINI,
                path,
                colon < 0 ? action : action.substring(0, colon),
                colon < 0 ? "" : action.substring(colon + 1));
    }

    /** A request line's absolute form ({@code POST http://host/v1/messages}) as the origin form. */
    private static String originForm(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme < 0 || uri.startsWith("/")) {
            return uri;
        }
        int path = uri.indexOf('/', scheme + 3);
        return path < 0 ? "/" : uri.substring(path);
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        Call call = call(request);
        if (call == null) {
            throw new IllegalStateException("routed a request the front door does not serve");
        }
        Protocol protocol = protocol(call.endpoint().protocol);
        RouterConfig config = live.current();
        HttpHeaders headers = request.requestHeaders();
        // Spring's HttpMethod, qualified: Netty's of the same name is imported for the raw request
        RouterException refusal = BrowserGuard.refusal(
                org.springframework.http.HttpMethod.POST, call.path(), headers::getAll, config.host());
        if (refusal != null) {
            return answer(response, errors.render(protocol, refusal));
        }
        refusal = ApiKeyFilter.refusal(config, pipeline.clients(), headers::get);
        if (refusal != null) {
            // as ApiKeyFilter answers: OpenAI's shape on its path, Anthropic's on the others
            Protocol keyErrors =
                    call.endpoint() == Endpoint.CHAT_COMPLETIONS ? protocols.openai() : protocols.anthropic();
            return answer(response, errors.render(keyErrors, refusal));
        }
        if (call.endpoint() == Endpoint.GEMINI
                && !"generateContent".equals(call.method())
                && !"streamGenerateContent".equals(call.method())) {
            return answer(
                    response,
                    errors.render(
                            protocol,
                            new RouterException(
                                    ErrorKind.NOT_FOUND,
                                    "no method '" + call.method()
                                            + "'; the router serves models/{model}:generateContent and :streamGenerateContent")));
        }
        Inbound.Headers read = new Inbound.Headers(
                headers.get("anthropic-version"),
                headers.get("anthropic-beta"),
                headers.get(InferenceHandlers.SESSION_HEADER));
        // Errors before the answer's head become an error answer; errors while its body streams
        // abort the connection, as on Spring's path, where the body is written after the handler.
        String presented = ApiKeyFilter.presented(headers::get);
        return body(request, config.maxBodyBytes())
                .flatMap(body -> {
                    Inbound inbound = inbound(call, body, read).withKey(presented);
                    BodyCapture.Captured capture = bodies.begin(body, presented);
                    return capture == null
                            ? pipeline.serve(inbound).map(answer -> send(response, answer))
                            : pipeline.serve(inbound, capture)
                                    .map(answer -> send(response, captured(answer, capture)))
                                    .onErrorResume(e ->
                                            Mono.just(answer(response, captured(errors.render(protocol, e), capture))));
                })
                .onErrorResume(e -> Mono.just(answer(response, errors.render(protocol, e))))
                .flatMap(Function.identity());
    }

    /** The answer, its bytes also kept by {@code capture} as they pass ("show bodies" is on). */
    private static ProxyResponse captured(ProxyResponse answer, BodyCapture.Captured capture) {
        return new ProxyResponse(
                answer.status(), answer.headers(), answer.body().doOnNext(buffer -> {
                    try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                        while (it.hasNext()) {
                            capture.answer(it.next());
                        }
                    }
                }));
    }

    private static ClientErrors.Answer captured(ClientErrors.Answer answer, BodyCapture.Captured capture) {
        capture.answer(ByteBuffer.wrap(answer.body()));
        return answer;
    }

    private static Inbound inbound(Call call, byte[] body, Inbound.Headers headers) {
        if (call.endpoint() == Endpoint.MESSAGES) {
            return Inbound.anthropic(body, headers);
        }
        if (call.endpoint() == Endpoint.CHAT_COMPLETIONS) {
            return Inbound.openAi(body);
        }
        return Inbound.gemini(body, String.valueOf(call.model()), "streamGenerateContent".equals(call.method()));
    }

    private Protocol protocol(WireProtocol wire) {
        if (wire == WireProtocol.OPENAI) {
            return protocols.openai();
        }
        return wire == WireProtocol.GEMINI ? protocols.gemini() : protocols.anthropic();
    }

    /**
     * An event stream is sent chunk by chunk, Reactor Netty flushing whenever no further chunk is at
     * hand, so each event leaves as it comes (a flush per event cost a write syscall each); a JSON
     * answer is of no use to the client before it is complete, so it is joined and goes out with its
     * length in one write, where a streamed body costs three (head, chunk, end). When the client goes away,
     * Reactor Netty cancels the body, and with it the upstream call.
     */
    private static Mono<Void> send(HttpServerResponse response, ProxyResponse answer) {
        response.status(HttpResponseStatus.valueOf(answer.status()));
        InferenceHandlers.headers(answer, response::header);
        if (InferenceHandlers.isStream(answer)) {
            return response.send(answer.body().map(NettyDataBufferFactory::toByteBuf))
                    .then();
        }
        return response.send(DataBufferUtils.join(answer.body()).map(NettyDataBufferFactory::toByteBuf))
                .then();
    }

    private static Mono<Void> answer(HttpServerResponse response, ClientErrors.Answer answer) {
        response.status(HttpResponseStatus.valueOf(answer.status()));
        answer.headers().forEach(response::header);
        // named as Spring's ServerResponse names it for a byte[] body
        response.header("Content-Length", Integer.toString(answer.body().length));
        return response.sendByteArray(Mono.just(answer.body())).then();
    }

    /**
     * The request body, refused by its declared length before any of it is read, and otherwise as
     * soon as the bytes received pass the limit, so an endless or huge body is never held. Each
     * buffer is copied as it arrives and released by Reactor Netty after delivery; none is retained.
     */
    static Mono<byte[]> body(HttpServerRequest request, long limit) {
        long declared = declaredLength(request.requestHeaders());
        if (declared > limit) {
            return Mono.error(InferenceHandlers.tooLarge(declared, limit));
        }
        return request.receive()
                .collect(() -> new BodyBytes(limit, declared), BodyBytes::add)
                .flatMap(BodyBytes::bytes);
    }

    private static long declaredLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The bytes of a body as they arrive, failing once they pass the limit. */
    static final class BodyBytes {

        private final long limit;
        private byte[] bytes;
        private int size;
        private int chunks;

        BodyBytes(long limit, long declared) {
            this.limit = limit;
            // sized for the declared length, but not beyond what a client can declare without sending
            this.bytes = new byte[(int) Math.min(declared >= 0 ? declared : 16 * 1024, Math.min(limit, FIRST_MAX))];
        }

        void add(ByteBuf chunk) {
            int n = chunk.readableBytes();
            long needed = (long) size + n;
            if (needed > limit || needed > MAX_ARRAY) {
                throw InferenceHandlers.tooLarge(-1, limit);
            }
            if (needed > bytes.length) {
                long grown = Math.max(needed, Math.min((long) bytes.length * 2, Math.min(limit, MAX_ARRAY)));
                bytes = Arrays.copyOf(bytes, (int) grown);
            }
            chunk.readBytes(bytes, size, n);
            size += n;
            chunks++;
        }

        /** The body; a request that sent none is refused as on Spring's path. */
        Mono<byte[]> bytes() {
            if (chunks == 0) {
                return Mono.error(InferenceHandlers::noBody);
            }
            return Mono.just(size == bytes.length ? bytes : Arrays.copyOf(bytes, size));
        }
    }
}
