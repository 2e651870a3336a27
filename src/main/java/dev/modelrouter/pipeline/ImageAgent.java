package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * ccr's image agent, so a text-only model can work with screenshots: the turn goes out with its images
 * replaced by placeholders ({@link ImagePlaceholders}); each {@value ImagePlaceholders#TOOL} call the model
 * makes is answered by the router itself, which asks the {@code Router.image} model about the images
 * named, and the turn is then continued with the call and its result, its answer spliced into the same
 * client answer. The client sees one valid answer, streamed or not, with none of the agent's tool calls.
 *
 * <p>Unlike ccr, which answers the calls only in streamed answers and re-asks with the tool still forced,
 * non-streamed answers are handled too, the client's own {@code tool_choice} is restored for the
 * continuation, a round that also calls the client's tools is left to the client, and the rounds are capped.
 */
final class ImageAgent {

    /** The most model calls one client turn makes before the agent's calls are left unanswered. */
    static final int MAX_ROUNDS = 4;
    /** The image model's answer is a tool result, so its length is capped as a client tool's would be. */
    private static final int ANALYSIS_MAX_TOKENS = 4096;

    static final String ANALYST = """
            Interpret and analyse the images strictly according to the task given. Stay within the scope of
            the task and make the answer a clear, accurate account of what the images show for it.""";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Protocol anthropic;
    private final JsonMapper json;
    private final DataBufferFactory buffers;

    ImageAgent(Protocol anthropic, JsonMapper json, DataBufferFactory buffers) {
        this.anthropic = anthropic;
        this.json = json;
        this.buffers = buffers;
    }

    /**
     * Serves the prepared turn of {@code inbound} through {@code exchange} (one ordinary exchange, which
     * routes and calls a provider), answering the agent's tool calls on the way.
     */
    Mono<ProxyResponse> serve(
            Inbound inbound, ImagePlaceholders.Turn turn, Function<Inbound, Mono<ProxyResponse>> exchange) {
        ChatRequest client = anthropic.readRequest(turn.body());
        Conversation c = new Conversation(inbound, turn, exchange, client);
        return exchange.apply(c.inbound(turn.body())).flatMap(first -> {
            if (first.status() != 200) {
                return Mono.just(first);
            }
            Map<String, String> headers = new LinkedHashMap<>(first.headers());
            headers.remove("content-length");
            Flux<StreamEvent> events = Flux.defer(() -> c.round(first, 1));
            if (client.stream()) {
                return Mono.just(new ProxyResponse(200, Map.copyOf(headers), streamed(events, client)));
            }
            return StreamEvents.aggregate(events)
                    .map(answer ->
                            new ProxyResponse(200, Map.copyOf(headers), body(anthropic.writeResponse(answer, client))))
                    .onErrorResume(RouterException.class, e -> Mono.just(error(e, headers)));
        });
    }

    private Flux<DataBuffer> streamed(Flux<StreamEvent> events, ChatRequest client) {
        return Flux.defer(() -> {
            Protocol.StreamWriter writer = anthropic.newStreamWriter(client);
            return events.concatMapIterable(writer::onEvent)
                    .concatWith(Flux.defer(() -> Flux.fromIterable(writer.onComplete())))
                    .onErrorResume(RouterException.class, e -> Flux.fromIterable(writer.onError(e)))
                    .map(frame -> buffers.wrap(frame.bytes()));
        });
    }

    private ProxyResponse error(RouterException e, Map<String, String> headers) {
        return new ProxyResponse(e.status(), Map.copyOf(headers), body(anthropic.writeError(e)));
    }

    private Flux<DataBuffer> body(JsonNode node) {
        return Flux.just(buffers.wrap(json.writeValueAsBytes(node)));
    }

    /** One client turn's state across its rounds; created per subscription. */
    private final class Conversation {
        private final Inbound inbound;
        private final ImagePlaceholders.Turn turn;
        private final Function<Inbound, Mono<ProxyResponse>> exchange;
        private final ChatRequest client;
        private ObjectNode body;
        private int nextIndex;
        private Usage usage = Usage.ZERO;

        Conversation(
                Inbound inbound,
                ImagePlaceholders.Turn turn,
                Function<Inbound, Mono<ProxyResponse>> exchange,
                ChatRequest client) {
            this.inbound = inbound;
            this.turn = turn;
            this.exchange = exchange;
            this.client = client;
            this.body = turn.body();
        }

        Inbound inbound(JsonNode value) {
            return new Inbound(
                    WireProtocol.ANTHROPIC, json.writeValueAsBytes(value), inbound.headers(), null, inbound.key());
        }

        /** The client's events of one round, then of the rounds that answer its agent calls. */
        Flux<StreamEvent> round(ProxyResponse response, int number) {
            ImageRound round = new ImageRound(nextIndex, number == 1);
            return decode(response)
                    .concatMapIterable(round::onEvent)
                    .concatWith(Flux.defer(() -> after(round, number)));
        }

        private Flux<StreamEvent> after(ImageRound round, int number) {
            StreamEvent.Stop stop = round.stop();
            if (stop == null) {
                return Flux.error(new RouterException(ErrorKind.BAD_GATEWAY, "the answer ended before its stop event"));
            }
            nextIndex = round.nextIndex();
            usage = usage.plus(stop.usage());
            return StreamEvents.aggregate(Flux.fromIterable(round.events())).flatMapMany(answer -> {
                List<Content.ToolUse> calls = new ArrayList<>();
                boolean clientTools = false;
                for (Content block : answer.content()) {
                    if (block instanceof Content.ToolUse t) {
                        if (t.name().equals(ImagePlaceholders.TOOL)) {
                            calls.add(t);
                        } else {
                            clientTools = true;
                        }
                    }
                }
                if (calls.isEmpty() || clientTools || number >= MAX_ROUNDS) {
                    // the held calls never reached the client, so a stop for them alone is an end of turn
                    StopReason reason =
                            !clientTools && stop.reason() == StopReason.TOOL_USE ? StopReason.END_TURN : stop.reason();
                    return Flux.just(new StreamEvent.Stop(reason, stop.stopSequence(), usage));
                }
                return Flux.fromIterable(calls)
                        .concatMap(this::analyse)
                        .collectList()
                        .flatMapMany(results -> {
                            body = continued(answer, results);
                            return exchange.apply(inbound(body))
                                    .flatMapMany(next -> next.status() == 200
                                            ? round(next, number + 1)
                                            : Bodies.readUpTo(next.body(), 64 * 1024)
                                                    .flatMapMany(bytes -> Flux.error(anthropic.readError(
                                                            next.status(), bytes, "the image agent's next round"))));
                        });
            });
        }

        /** The body with the round's answer and the agent's results appended, the client's tool choice back. */
        private ObjectNode continued(ChatResponse answer, List<ObjectNode> results) {
            ObjectNode next = body.deepCopy();
            ArrayNode messages = (ArrayNode) next.get("messages");
            ObjectNode assistant = messages.addObject().put("role", "assistant");
            assistant.set("content", anthropic.writeResponse(answer, client).get("content"));
            ObjectNode user = messages.addObject().put("role", "user");
            ArrayNode content = user.putArray("content");
            results.forEach(content::add);
            next.remove("tool_choice");
            if (turn.clientToolChoice() != null) {
                next.set("tool_choice", turn.clientToolChoice());
            }
            return next;
        }

        /** Asks the image model about one call's images; its answer, or what went wrong, as the tool result. */
        private Mono<ObjectNode> analyse(Content.ToolUse call) {
            ObjectNode request = NODES.objectNode()
                    .put("model", turn.imageModel())
                    .put("max_tokens", ANALYSIS_MAX_TOKENS)
                    .put("stream", false);
            request.putArray("system").addObject().put("type", "text").put("text", ANALYST);
            ArrayNode content =
                    request.putArray("messages").addObject().put("role", "user").putArray("content");
            List<String> missing = new ArrayList<>();
            for (String id : ids(call.input().path("imageId"))) {
                JsonNode source = turn.images().get(id);
                if (source == null) {
                    missing.add(id);
                } else {
                    content.addObject().put("type", "image").set("source", source);
                }
            }
            ObjectNode args = call.input().isObject() ? ((ObjectNode) call.input()).deepCopy() : NODES.objectNode();
            args.remove("imageId");
            content.addObject().put("type", "text").put("text", json.writeValueAsString(args));
            if (content.size() == 1) {
                return Mono.just(
                        result(call, "no image with the number(s) " + missing + " in this conversation", true));
            }
            return exchange.apply(inbound(request))
                    .flatMap(r ->
                            Bodies.readUpTo(r.body(), 16 * 1024 * 1024).map(bytes -> analysis(call, r.status(), bytes)))
                    .onErrorResume(e -> Mono.just(result(call, "analyzeImage failed: " + e.getMessage(), true)));
        }

        private ObjectNode analysis(Content.ToolUse call, int status, byte[] bytes) {
            if (status != 200) {
                String why = anthropic
                        .readError(status, bytes, "the image model " + turn.imageModel())
                        .getMessage();
                return result(call, "analyzeImage failed: " + why, true);
            }
            StringBuilder text = new StringBuilder();
            for (Content c : anthropic.readResponse(json.readTree(bytes)).content()) {
                if (c instanceof Content.Text t) {
                    text.append(t.text());
                }
            }
            return result(call, text.toString(), false);
        }

        private ObjectNode result(Content.ToolUse call, String text, boolean error) {
            ObjectNode result = NODES.objectNode().put("type", "tool_result").put("tool_use_id", call.id());
            result.put("content", text);
            return error ? result.put("is_error", true) : result;
        }

        private Flux<StreamEvent> decode(ProxyResponse response) {
            if (!client.stream()) {
                return Bodies.readUpTo(response.body(), Integer.MAX_VALUE)
                        .flatMapMany(bytes -> StreamEvents.of(anthropic.readResponse(json.readTree(bytes))));
            }
            return Flux.defer(() -> {
                SseDecoder decoder = new SseDecoder();
                Protocol.StreamReader reader = anthropic.newStreamReader(client);
                return response.body()
                        .concatMapIterable(buffer -> frames(decoder, reader, Bodies.bytes(buffer)))
                        .concatWith(Flux.defer(() -> {
                            List<StreamEvent> end = new ArrayList<>();
                            decoder.finish().forEach(f -> end.addAll(reader.onFrame(f)));
                            end.addAll(reader.onEnd());
                            return Flux.fromIterable(end);
                        }));
            });
        }

        private List<StreamEvent> frames(SseDecoder decoder, Protocol.StreamReader reader, byte[] bytes) {
            List<StreamEvent> out = new ArrayList<>();
            for (SseFrame frame : decoder.feed(bytes)) {
                out.addAll(reader.onFrame(frame));
            }
            return out;
        }
    }

    private static List<String> ids(JsonNode node) {
        List<String> ids = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> ids.add(n.asString("").trim()));
        } else if (!node.isMissingNode() && !node.isNull()) {
            ids.add(node.asString("").trim());
        }
        ids.replaceAll(id -> id.replace("#", "").replace("Image", "").trim());
        return ids;
    }
}
