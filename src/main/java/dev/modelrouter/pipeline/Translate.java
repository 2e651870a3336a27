package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.EscapedStrings;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.upstream.UpstreamReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The canonical strategy: the request is encoded for the target's protocol through its transformer
 * chain, and the answer decoded to canonical events, transformed, and encoded in the client's
 * protocol, streamed event by event or decoded whole. Also how a broken stream's fallback is asked.
 */
final class Translate {

    private static final int ANSWER_LIMIT = 64 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(Translate.class);

    private final Egress egress;
    private final Protocols protocols;
    private final Prefills prefills = new Prefills();

    Translate(Egress egress, Protocols protocols) {
        this.egress = egress;
        this.protocols = protocols;
    }

    /** Sends the exchange's request, translated, to {@code d}'s target and translates its answer back. */
    Mono<ProxyResponse> send(Dispatch d) {
        ChatRequest asked = d.exchange().request().outbound().get();
        Protocol upstream = protocols.of(d.provider());
        ChatRequest sent = sent(d, asked, upstream);
        return egress.send(d, body(d, sent, upstream), asked.stream())
                .flatMap(reply -> answer(reply, d, new Sides(upstream, sent, asked)));
    }

    /** The request as the target's protocol and chain make it. */
    static ChatRequest sent(Dispatch d, ChatRequest asked, Protocol upstream) {
        return d.chain()
                .request(
                        UpstreamRequests.forUpstream(
                                asked, d.route(), d.exchange().request().protocol(), upstream),
                        d.route());
    }

    private byte[] body(Dispatch d, ChatRequest sent, Protocol upstream) {
        return written(d.chain().body(upstream.writeRequest(sent), d.route()));
    }

    /** The upstream body's bytes, copying the client's long strings where they are unchanged. */
    private byte[] written(JsonNode body) {
        return EscapedStrings.write(egress.json(), body);
    }

    /** The target's protocol with the request it was sent, and the request the client asked. */
    private record Sides(Protocol upstream, ChatRequest sent, ChatRequest asked) {}

    private Mono<ProxyResponse> answer(UpstreamReply reply, Dispatch d, Sides sides) {
        if (!reply.ok()) {
            return egress.failure(reply, d.route(), sides.upstream());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String requestId =
                reply.header("request-id") != null ? reply.header("request-id") : reply.header("x-request-id");
        if (requestId != null) {
            headers.put("x-upstream-request-id", requestId);
        }
        headers.put(Egress.ROUTE_HEADER, d.route().header());
        Flux<DataBuffer> body = StreamGuards.deadlines(reply.body(), d);
        Protocol client = told(d);
        DataBufferFactory buffers = egress.buffers();
        Function<Flux<StreamEvent>, Flux<StreamEvent>> transform = transform(d.chain(), d.route());
        if (sides.asked().stream()) {
            headers.put("content-type", "text/event-stream");
            Flux<StreamEvent> decoded =
                    transform.apply(StreamTranslation.decode(body, sides.upstream(), sides.sent(), d::malformedEvent)
                            .onErrorMap(RouterException.class, egress::redacted));
            if (d.continuer() != null) {
                Flux<StreamEvent> primary = decoded;
                decoded = Flux.defer(() -> {
                    Splice splice = new Splice();
                    return ToolCallHold.whole(primary)
                            .doOnNext(splice::observe)
                            .onErrorResume(e -> Continuer.resume(splice, e, d.continuer(), sides::asked, d.what()));
                });
            }
            Flux<DataBuffer> events = StreamTranslation.encode(
                    AnswerTrace.traced(decoded, d.exchange().trace()), client, sides.asked(), buffers, d::what);
            return Mono.just(new ProxyResponse(200, headers, StreamGuards.withPings(events, buffers)));
        }
        headers.put("content-type", "application/json");
        Mono<byte[]> bytes = Bodies.readUpTo(body, ANSWER_LIMIT);
        // transformers see one shape of answer, a stream, also when the client did not ask for one
        Mono<ChatResponse> answer = d.chain().isEmpty()
                ? bytes.map(read -> sides.upstream().readResponse(parseAnswer(read, d.what()), sides.sent()))
                : bytes.flatMap(read -> StreamEvents.aggregate(transform.apply(Flux.fromIterable(
                        sides.upstream().readResponseEvents(parseAnswer(read, d.what()), sides.sent())))));
        return answer.doOnNext(response -> d.exchange().trace().usage(response.usage()))
                .map(response -> new ProxyResponse(
                        200,
                        headers,
                        Flux.just(buffers.wrap(
                                egress.json().writeValueAsBytes(client.writeResponse(response, sides.asked()))))));
    }

    /**
     * The client's protocol as it names the answer's model: an Anthropic client hears the served model's
     * name only when the config asks for it ({@code ANTHROPIC_SERVED_MODEL}); the others always do.
     */
    private static Protocol told(Dispatch d) {
        Protocol client = d.exchange().request().protocol();
        return client instanceof AnthropicProtocol anthropic
                        && d.exchange().snapshot().anthropicServedModel()
                ? anthropic.namingServedModel()
                : client;
    }

    private static Function<Flux<StreamEvent>, Flux<StreamEvent>> transform(TransformerChain chain, Route route) {
        return chain.isEmpty() ? Function.identity() : events -> chain.response(events, route);
    }

    private JsonNode parseAnswer(byte[] bytes, String what) {
        try {
            return egress.json().readTree(bytes);
        } catch (JacksonException e) {
            throw new RouterException(
                    ErrorKind.BAD_GATEWAY, 502, what + " answered with a body that is not JSON", null, e);
        }
    }

    /**
     * For a streaming request served by {@code serving}: how to continue its stream from the plan's
     * later targets, in turn, if it breaks. Each continues the partial answer whatever its protocol:
     * from a prefill where it accepts one, else asked in a new turn ({@link Prefills}); one that
     * refuses the prefill is asked again at once in a new turn, and remembered.
     */
    @Nullable
    Continuer continuer(Exchange x, RoutePlan plan, Route serving, TransformerChains chains) {
        if (!x.request().stream()) {
            return null;
        }
        List<Route> rest = new ArrayList<>();
        boolean after = !plan.routes().contains(serving);
        for (Route r : plan.routes()) {
            if (after && !r.equals(serving)) {
                rest.add(r);
            }
            after |= r.equals(serving);
        }
        if (rest.isEmpty()) {
            return null;
        }
        return (splice, original) -> continueOn(new Continuation(x, chains, splice, original), rest, 0, null);
    }

    /** One broken stream's continuation: the exchange, the client's request and what it saw. */
    private record Continuation(Exchange x, TransformerChains chains, Splice splice, ChatRequest original) {}

    private Mono<Flux<StreamEvent>> continueOn(
            Continuation c, List<Route> rest, int i, @Nullable RouterException last) {
        if (i >= rest.size()) {
            return Mono.error(
                    last != null
                            ? last
                            : new RouterException(
                                    ErrorKind.BAD_GATEWAY, "no fallback target is configured to continue the answer"));
        }
        Route r = rest.get(i);
        ProviderConfig provider = c.x().config().provider(r.provider()).orElse(null);
        if (provider == null) {
            return continueOn(c, rest, i + 1, last);
        }
        Dispatch d = new Dispatch(c.x(), r, provider, c.chains().chain(r), null);
        Splice.Form form = c.splice().needsPrefill() ? prefills.form(provider, r) : Splice.Form.PREFILL;
        c.x().trace().continued(r);
        return ask(d, c, form).onErrorResume(e -> {
            RouterException error = Attempts.ClientFacing.of(e);
            if (form == Splice.Form.PREFILL && c.splice().needsPrefill() && Prefills.refusal(error)) {
                prefills.refused(r);
                LOG.info(
                        "{} refused an assistant prefill ({}); asking it to continue in a new turn from now on",
                        d.what(),
                        error.getMessage());
                return ask(d, c, Splice.Form.REQUEST)
                        .onErrorResume(again -> continueOn(c, rest, i + 1, Attempts.ClientFacing.of(again)));
            }
            return continueOn(c, rest, i + 1, error);
        });
    }

    /** {@code d}'s continuation in {@code form}, joined to what the client saw and fitted into its stream. */
    private Mono<Flux<StreamEvent>> ask(Dispatch d, Continuation c, Splice.Form form) {
        Splice splice = c.splice();
        return events(d, splice.continuation(c.original(), form), form)
                .map(events -> splice.adopt(
                        splice.needsPrefill()
                                ? Overlap.joined(events, splice.seen(), form == Splice.Form.REQUEST)
                                : events));
    }

    /** One target's streamed answer to {@code request} as canonical events, once its headers are in. */
    private Mono<Flux<StreamEvent>> events(Dispatch d, ChatRequest request, Splice.Form form) {
        return Mono.defer(() -> {
            Protocol upstream = protocols.of(d.provider());
            ChatRequest sent = sent(d, request.toBuilder().stream(true).build(), upstream);
            ObjectNode body = d.chain().body(upstream.writeRequest(sent), d.route());
            if (form == Splice.Form.PREFILL && upstream.wire() == WireProtocol.OPENAI) {
                prefixCompletion(body);
            }
            return egress.send(d, written(body), true)
                    .flatMap(reply -> reply.ok()
                            ? Mono.just(d.chain()
                                    .response(
                                            StreamTranslation.decode(
                                                    StreamGuards.deadlines(reply.body(), d),
                                                    upstream,
                                                    sent,
                                                    d::malformedEvent),
                                            d.route()))
                            : egress.<Flux<StreamEvent>>failure(reply, d.route(), upstream));
        });
    }

    /**
     * Marks a Chat Completions request's last assistant message as a prefix to continue, DeepSeek's
     * prefix completion (https://api-docs.deepseek.com/guides/chat_prefix_completion).
     */
    private static void prefixCompletion(ObjectNode body) {
        JsonNode messages = body.path("messages");
        if (messages.isArray() && !messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            if (last instanceof ObjectNode o
                    && "assistant".equals(o.path("role").asString(""))) {
                o.put("prefix", true);
            }
        }
    }
}
