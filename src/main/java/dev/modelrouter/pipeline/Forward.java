package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.observe.UsageTap;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.upstream.RequestBody;
import dev.modelrouter.upstream.UpstreamReply;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The bytes strategy, for an Anthropic client whose target speaks Anthropic too and whose chain
 * rewrites nothing: the client's body goes up with only the model rewritten, and the answer comes back
 * byte for byte. A streamed answer is read on the side by one tap, the protocol's own stream reader,
 * whose events tell whether the answer completed and let a fallback continue it when it breaks.
 */
final class Forward {

    private final Egress egress;

    Forward(Egress egress) {
        this.egress = egress;
    }

    /** Whether {@code d} can go as bytes. */
    static boolean applies(Dispatch d) {
        return d.exchange().request().forwardable() != null
                && d.provider().protocol() == WireProtocol.ANTHROPIC
                && !d.chain().rewrites();
    }

    /** Sends the client's bytes to {@code d}'s target and relays its answer. */
    Mono<ProxyResponse> send(Dispatch d) {
        AnthropicScan scan = d.exchange().request().forwardable();
        if (scan == null) {
            throw new IllegalStateException("not a forwardable request");
        }
        // pieces of the client's body around the new model: a 50 KB turn is not copied to go up
        RequestBody body = RequestBody.of(scan.rewritten(d.route().model()));
        return egress.send(d, body, scan.stream()).flatMap(reply -> relay(reply, d, scan));
    }

    /**
     * Status, headers and body relayed as they arrive. A streamed body is re-cut at event boundaries
     * and tapped, so a stream that breaks can be continued by a fallback.
     */
    private Mono<ProxyResponse> relay(UpstreamReply reply, Dispatch d, AnthropicScan scan) {
        Protocol protocol = d.exchange().request().protocol();
        if (!reply.ok()) {
            return egress.failure(reply, d.route(), protocol);
        }
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put(Egress.ROUTE_HEADER, d.route().header());
        Flux<DataBuffer> body = StreamGuards.deadlines(reply.body(), d);
        String type = reply.headers().getOrDefault("content-type", "").toLowerCase(Locale.ROOT);
        if (type.startsWith("text/event-stream")) {
            ChatRequest stub = ChatRequest.builder().model(scan.model()).stream(scan.stream())
                    .build();
            Flux<DataBuffer> source = body;
            body = Flux.defer(() -> tapped(source, d, stub));
        } else if (reply.status() < 300) {
            body = withUsage(body, d.exchange().trace());
        }
        return Mono.just(new ProxyResponse(reply.status(), headers, body));
    }

    /** A whole message relayed as it comes, its usage read on the way with a non-blocking parser. */
    private static Flux<DataBuffer> withUsage(Flux<DataBuffer> body, RequestTrace trace) {
        return Flux.defer(() -> {
            UsageTap tap = UsageTap.anthropicJson();
            return body.doOnNext(buffer -> {
                        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                            while (it.hasNext()) {
                                tap.feed(it.next());
                            }
                        }
                    })
                    .doOnComplete(() -> {
                        if (tap.seen()) {
                            trace.usage(tap.usage());
                        }
                    });
        });
    }

    /** The relayed stream with its events read on the side, continued by a fallback if it breaks. */
    private Flux<DataBuffer> tapped(Flux<DataBuffer> source, Dispatch d, ChatRequest stub) {
        Protocol protocol = d.exchange().request().protocol();
        DataBufferFactory buffers = egress.buffers();
        Splice splice = new Splice();
        RequestTrace trace = d.exchange().trace();
        ForwardTap tap = new ForwardTap(
                protocol.newStreamReader(stub),
                event -> {
                    splice.observe(event);
                    AnswerTrace.observe(event, trace);
                },
                d::malformedEvent,
                egress::redacted,
                d::what);
        Flux<DataBuffer> relayed = SseChunks.atEventBoundaries(source, buffers, tap);
        Flux<DataBuffer> checked = relayed.concatWith(Flux.defer(() -> splice.complete()
                ? Flux.empty()
                : Flux.error(new RouterException(
                        ErrorKind.BAD_GATEWAY,
                        502,
                        d.what() + ": the stream ended before the answer was complete",
                        null,
                        null))));
        Flux<DataBuffer> continued = checked.onErrorResume(e -> StreamTranslation.encode(
                AnswerTrace.traced(
                        Continuer.resume(
                                splice, e, d.continuer(), d.exchange().request().outbound(), d.what()),
                        trace),
                protocol,
                stub,
                buffers,
                d::what));
        return StreamGuards.withPings(continued, buffers);
    }
}
