package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.ProxyResponse;
import dev.modelrouter.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * {@code POST /v1/messages}, Claude Code's endpoint and by far the busiest, served on Reactor Netty
 * ahead of Spring WebFlux: the exchange, web filter chain, dispatcher and {@code ServerResponse} cost
 * about 57 µs of CPU per request on this path. Every other request, including this path with another
 * method or a trailing slash, goes on to Spring.
 *
 * <p>What Spring's chain does for this path is done here by the same code: {@link BrowserGuard#refusal}
 * and {@link ApiKeyFilter#refusal} (the web filters that apply to it; {@link LoopbackGuard} guards
 * the admin paths),
 * the body limit and answer headers of {@link InferenceHandlers}, the errors of {@link ClientErrors}.
 * Request log, metrics and usage come from the {@link Pipeline}, as on the Spring path.
 */
final class MessagesRoute implements NettyRouteProvider {

    static final String PATH = "/v1/messages";

    /** Arrays this long and longer cannot be allocated. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** The most allocated for a body before its bytes arrive. */
    private static final long FIRST_MAX = 1 << 20;

    private final Pipeline pipeline;
    private final LiveConfig live;
    private final Protocol anthropic;
    private final ClientErrors errors;

    MessagesRoute(Pipeline pipeline, LiveConfig live, Protocol anthropic, ClientErrors errors) {
        this.pipeline = pipeline;
        this.live = live;
        this.anthropic = anthropic;
        this.errors = errors;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(MessagesRoute::serves, this::handle);
    }

    /**
     * {@code POST /v1/messages}, with or without a query ({@code ?beta=true} from Claude Code), which
     * Spring's route ignores too. Only the raw path as Spring would match it: an escaped or doubled
     * slash, or a trailing one, is left to Spring, which answers it as before.
     */
    static boolean serves(HttpServerRequest request) {
        if (!HttpMethod.POST.equals(request.method())) {
            return false;
        }
        String uri = request.uri();
        return uri.startsWith(PATH) && (uri.length() == PATH.length() || uri.charAt(PATH.length()) == '?');
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        RouterConfig config = live.current();
        HttpHeaders headers = request.requestHeaders();
        // Spring's HttpMethod, qualified: Netty's of the same name is imported for the raw request
        RouterException refusal = BrowserGuard.refusal(
                org.springframework.http.HttpMethod.POST, PATH, headers::getAll, config.host());
        if (refusal == null) {
            refusal = ApiKeyFilter.refusal(config.apiKey(), headers::get);
        }
        if (refusal != null) {
            return answer(response, errors.render(anthropic, refusal));
        }
        String version = headers.get("anthropic-version");
        String beta = headers.get("anthropic-beta");
        String session = headers.get(InferenceHandlers.SESSION_HEADER);
        // Errors before the answer's head become an error answer; errors while its body streams
        // abort the connection, as on Spring's path, where the body is written after the handler.
        return body(request, config.maxBodyBytes())
                .flatMap(body -> pipeline.anthropicMessages(body, version, beta, session))
                .map(answer -> send(response, answer))
                .onErrorResume(e -> Mono.just(answer(response, errors.render(anthropic, e))))
                .flatMap(Function.identity());
    }

    /**
     * Same as {@code InferenceHandlers.toServerResponse}: an event stream is sent chunk by chunk,
     * Reactor Netty flushing whenever no further chunk is at hand, so each event leaves as it comes;
     * a JSON answer is joined and goes out with its length in one write. When the client goes away,
     * Reactor Netty cancels the body, and with it the upstream call.
     */
    private static Mono<Void> send(HttpServerResponse response, ProxyResponse answer) {
        response.status(HttpResponseStatus.valueOf(answer.status()));
        InferenceHandlers.headers(answer, response::header);
        if (InferenceHandlers.isStream(answer)) {
            return response.send(answer.body().map(NettyDataBufferFactory::toByteBuf)).then();
        }
        return response.send(DataBufferUtils.join(answer.body()).map(NettyDataBufferFactory::toByteBuf)).then();
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
