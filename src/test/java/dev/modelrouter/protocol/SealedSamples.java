package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Samples of the canonical model's sealed types for the codecs' exhaustive-dispatch tests: each list
 * is checked against its type's permitted subclasses, so a new variant fails every codec's test until
 * its instanceof chains name it and the test says what the wire must carry of it. Sample values are
 * distinctive so that a codec which drops or misplaces one cannot pass by accident.
 */
public final class SealedSamples {

    /** Token counts with every field distinct, so a swapped or dropped count shows. */
    public static final Usage USAGE = new Usage(11, 22, 33, 44);

    private SealedSamples() {}

    /** One of each {@link Content.Source}. */
    public static List<Content.Source> sources() {
        List<Content.Source> sources = List.of(
                new Content.Source.Base64("QUJDRA=="),
                new Content.Source.Url("https://example.com/cat.png"),
                new Content.Source.File("file_1"),
                new Content.Source.PlainText("plain text source"));
        assertThat(sources)
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(Content.Source.class.getPermittedSubclasses());
        return sources;
    }

    /** An image and a PDF document from each {@link Content.Source}. */
    public static List<Content> sourced() {
        List<Content> sourced = new ArrayList<>();
        for (Content.Source source : sources()) {
            sourced.add(new Content.Image("image/png", source, null));
            sourced.add(new Content.Document("application/pdf", source, "d.pdf", null, null));
        }
        return sourced;
    }

    /** The blocks of {@code samples}, whose keys must be every {@link Content} type. */
    public static List<Content> contents(Map<Class<?>, List<Content>> samples) {
        assertThat(samples.keySet()).containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
        return samples.values().stream().flatMap(List::stream).toList();
    }

    /** Asserts that {@code blocks} hold every {@link Content} type, at the top level. */
    public static void assertEveryContentType(Collection<Content> blocks) {
        assertThat(blocks.stream().<Class<?>>map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
    }

    /** JSON written with single quotes for readability, as in {@code json("{'a':'b'}")}. */
    public static JsonNode json(String singleQuoted) {
        return WireJson.parse(singleQuoted.replace('\'', '"'));
    }

    /** A user message of {@code blocks}. */
    public static Message user(Content... blocks) {
        return new Message(Role.USER, List.of(blocks));
    }

    /** An assistant message of {@code blocks}. */
    public static Message assistant(Content... blocks) {
        return new Message(Role.ASSISTANT, List.of(blocks));
    }

    /** A one-block answer with the sample usage. */
    public static ChatResponse answer(Content block, StopReason reason) {
        return new ChatResponse("msg_1", "m", List.of(block), reason, null, USAGE);
    }

    /**
     * The events of {@code response} as an upstream streams them, with a {@link StreamEvent.Ping} after
     * the start.
     */
    public static List<StreamEvent> eventsOf(ChatResponse response) {
        List<StreamEvent> events =
                new ArrayList<>(StreamEvents.of(response).collectList().block());
        events.add(1, new StreamEvent.Ping());
        return events;
    }

    /** Asserts that {@code events} use every {@link StreamEvent} and {@link StreamEvent.Delta} type. */
    public static void assertEveryEventType(Collection<StreamEvent> events) {
        assertThat(events.stream().<Class<?>>map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(StreamEvent.class.getPermittedSubclasses());
        assertThat(events.stream()
                        .filter(StreamEvent.BlockDelta.class::isInstance)
                        .<Class<?>>map(event ->
                                ((StreamEvent.BlockDelta) event).delta().getClass())
                        .distinct())
                .containsExactlyInAnyOrder(StreamEvent.Delta.class.getPermittedSubclasses());
    }

    /** The SSE text {@code protocol} writes to a client of {@code client} for {@code events}, ending included. */
    public static String sse(Protocol protocol, ChatRequest client, List<StreamEvent> events) {
        Protocol.StreamWriter writer = protocol.newStreamWriter(client);
        StringBuilder sse = new StringBuilder();
        events.forEach(event -> writer.onEvent(event).forEach(frame -> sse.append(frame.encode())));
        writer.onComplete().forEach(frame -> sse.append(frame.encode()));
        return sse.toString();
    }

    /** {@code sse} read by {@code protocol}'s stream reader and folded into one answer. */
    public static ChatResponse readStream(Protocol protocol, ChatRequest request, String sse) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(sse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        Protocol.StreamReader reader = protocol.newStreamReader(request);
        List<StreamEvent> events = new ArrayList<>();
        frames.forEach(frame -> events.addAll(reader.onFrame(frame)));
        events.addAll(reader.onEnd());
        return StreamEvents.aggregate(Flux.fromIterable(events)).block();
    }

    /** Every {@link ToolChoice} type, plus {@code extra} choices. */
    public static List<ToolChoice> toolChoices(ToolChoice... extra) {
        List<ToolChoice> choices = new ArrayList<>(List.of(
                new ToolChoice.Auto(false),
                new ToolChoice.Any(true),
                new ToolChoice.None(),
                new ToolChoice.Named("Read", false)));
        choices.addAll(List.of(extra));
        assertThat(choices.stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(ToolChoice.class.getPermittedSubclasses());
        return choices;
    }

    /** Every {@link Thinking} type, the enabled one with {@code budget} tokens. */
    public static List<Thinking> thinkings(int budget) {
        List<Thinking> thinkings =
                List.of(new Thinking.Enabled(budget), new Thinking.Adaptive(null), new Thinking.Disabled());
        assertThat(thinkings)
                .extracting(Object::getClass)
                .containsExactlyInAnyOrder(Thinking.class.getPermittedSubclasses());
        return thinkings;
    }

    /**
     * A request's messages and what a codec must write for them.
     *
     * @param wire the expected JSON, in single quotes ({@link #json})
     */
    public record WireCase(List<Message> messages, String wire) {

        public static WireCase of(String wire, Message... messages) {
            return new WireCase(List.of(messages), wire);
        }
    }

    /** Every block of the cases' messages. */
    public static List<Content> blocks(List<WireCase> cases) {
        return cases.stream()
                .flatMap(c -> c.messages().stream())
                .flatMap(m -> m.content().stream())
                .toList();
    }

    /** The cases hold every content type, and the body {@code protocol} writes for each has its wire in {@code field}. */
    public static void assertWritesEveryCase(Protocol protocol, String field, List<WireCase> cases) {
        assertEveryContentType(blocks(cases));
        for (WireCase c : cases) {
            ObjectNode body = protocol.writeRequest(
                    ChatRequest.builder().model("m").messages(c.messages()).build());

            assertThat(body.get(field)).as(c.messages().toString()).isEqualTo(json(c.wire()));
        }
    }

    /** Each block, in a message of either role, is written without a failure. */
    public static void assertDispatchesInEveryRole(Protocol protocol, String model, List<Content> blocks) {
        for (Content block : blocks) {
            for (Role role : Role.values()) {
                ChatRequest request = ChatRequest.builder()
                        .model(model)
                        .messages(List.of(new Message(role, List.of(block))))
                        .build();
                assertThatCode(() -> protocol.writeRequest(request))
                        .as(block + " in " + role)
                        .doesNotThrowAnyException();
            }
        }
    }

    /** An answer of each key, written for {@code client} and read back, has the key's value as content, and {@code usage}. */
    public static void assertAnswersReadBack(
            Protocol protocol, ChatRequest client, Map<Content, List<Content>> answers, Usage usage) {
        for (Map.Entry<Content, List<Content>> answer : answers.entrySet()) {
            ChatResponse back =
                    protocol.readResponse(protocol.writeResponse(answer(answer.getKey(), StopReason.END_TURN), client));

            assertThat(back.content()).as(answer.getKey().toString()).isEqualTo(answer.getValue());
            assertThat(back.usage()).isEqualTo(usage);
        }
    }

    /** As {@link #assertAnswersReadBack}, streamed; together the streams carry every event type. */
    public static void assertStreamedAnswersReadBack(
            Protocol protocol, ChatRequest client, Map<Content, List<Content>> answers, Usage usage) {
        List<StreamEvent> all = new ArrayList<>();
        for (Map.Entry<Content, List<Content>> answer : answers.entrySet()) {
            List<StreamEvent> events = eventsOf(answer(answer.getKey(), StopReason.END_TURN));
            all.addAll(events);

            ChatResponse back = readStream(protocol, client, sse(protocol, client, events));

            assertThat(back.content()).as(answer.getKey().toString()).isEqualTo(answer.getValue());
            assertThat(back.usage()).isEqualTo(usage);
        }
        assertEveryEventType(all);
    }
}
