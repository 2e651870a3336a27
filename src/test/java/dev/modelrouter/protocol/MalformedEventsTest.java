package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One garbled event costs nothing; a garbled stream is still a break, for every upstream protocol. */
class MalformedEventsTest {

    private static final ChatRequest REQUEST =
            ChatRequest.builder().model("m").messages(List.of(Message.of(Role.USER, "hi"))).stream(true)
                    .build();
    private static final SseFrame GARBLED = SseFrame.data("{\"choices\": [{\"delta\": {\"content\": \"tru");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai, openai/parallel-tool-calls.upstream.sse",
        "openai, openai/reasoning-then-text.upstream.sse",
        "gemini, gemini/thoughts-then-text.upstream.sse",
        "responses, responses/parallel-calls.upstream.sse",
        "anthropic, anthropic/thinking-text-tool.stream.sse"
    })
    void aLoneMalformedEventIsSkippedAndCounted(String protocol, String fixture) {
        List<SseFrame> frames = frames(fixture);
        List<SseFrame> garbled = new ArrayList<>(frames);
        garbled.add(frames.size() / 2, GARBLED);
        AtomicInteger skipped = new AtomicInteger();

        List<StreamEvent> events = read(protocol, garbled, skipped);

        assertThat(events).isEqualTo(read(protocol, frames, new AtomicInteger()));
        assertThat(skipped).hasValue(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai, openai/parallel-tool-calls.upstream.sse",
        "gemini, gemini/thoughts-then-text.upstream.sse",
        "responses, responses/parallel-calls.upstream.sse",
        "anthropic, anthropic/thinking-text-tool.stream.sse"
    })
    void severalInARowAreABreak(String protocol, String fixture) {
        List<SseFrame> frames = new ArrayList<>(frames(fixture));
        int at = frames.size() / 2;
        for (int i = 0; i < MalformedEvents.MAX_IN_A_ROW; i++) {
            frames.add(at, GARBLED);
        }

        assertThatThrownBy(() -> read(protocol, frames, new AtomicInteger()))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY);
                    assertThat(e.getMessage()).contains(MalformedEvents.MAX_IN_A_ROW + " malformed events in a row");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "gemini, gemini/thoughts-then-text.upstream.sse",
        "responses, responses/parallel-calls.upstream.sse",
        "anthropic, anthropic/thinking-text-tool.stream.sse"
    })
    void aMalformedFinalEventIsABreak(String protocol, String fixture) {
        List<SseFrame> frames = new ArrayList<>(frames(fixture));
        frames.set(frames.size() - 1, GARBLED);

        assertThatThrownBy(() -> read(protocol, frames, new AtomicInteger()))
                .isInstanceOfSatisfying(
                        RouterException.class,
                        e -> assertThat(e.getMessage()).endsWith("(its last event was malformed)"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"openai, openai/parallel-tool-calls.upstream.sse"})
    void anInStreamErrorIsNeverSkipped(String protocol, String fixture) {
        List<SseFrame> frames = new ArrayList<>(frames(fixture));
        frames.add(2, SseFrame.data("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}"));

        assertThatThrownBy(() -> read(protocol, frames, new AtomicInteger()))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.getMessage()).contains("overloaded"));
    }

    private static List<StreamEvent> read(String protocol, List<SseFrame> frames, AtomicInteger skipped) {
        Protocol.StreamReader reader =
                MalformedEvents.tolerant(protocol(protocol).newStreamReader(REQUEST), skipped::incrementAndGet);
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame frame : frames) {
            events.addAll(reader.onFrame(frame));
        }
        events.addAll(reader.onEnd());
        return events;
    }

    private static Protocol protocol(String name) {
        return switch (name) {
            case "openai" -> new OpenAiProtocol();
            case "gemini" -> new GeminiProtocol();
            case "responses" -> new ResponsesProtocol();
            default -> new AnthropicProtocol();
        };
    }

    private static List<SseFrame> frames(String fixture) {
        try (InputStream in = MalformedEventsTest.class.getResourceAsStream("/fixtures/" + fixture)) {
            SseDecoder decoder = new SseDecoder();
            List<SseFrame> frames = new ArrayList<>(decoder.feed(in.readAllBytes()));
            frames.addAll(decoder.finish());
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
