package dev.modelrouter.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.testing.EventText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

class ResponsesStreamReaderTest {

    static final ChatRequest REQUEST = ChatRequest.builder()
            .model("gpt-5")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .tools(List.of(CanonicalRequests.bash(), CanonicalRequests.read(), CanonicalRequests.mcp()))
            .stream(true)
            .build();

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "text",
                "reasoning-then-text",
                "function-call",
                "parallel-calls",
                "incomplete-max-tokens",
                "refusal",
                "failed",
                "error-event",
                "cut-stream",
                "missing-added-events",
                "only-completed"
            })
    void turnsUpstreamEventsIntoCanonicalEvents(String name) {
        Golden.assertText(name + ".events.txt", run(Golden.read(name + ".upstream.sse")));
    }

    /** Decodes the SSE text and runs it through a fresh reader, rendering events and a final error. */
    private String run(String sse) {
        List<StreamEvent> events = new ArrayList<>();
        try {
            read(sse, events);
            return EventText.render(events);
        } catch (RouterException e) {
            return EventText.render(events) + EventText.render(e);
        }
    }

    private void read(String sse, List<StreamEvent> events) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(sse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        for (SseFrame frame : frames) {
            events.addAll(reader.onFrame(frame));
        }
        events.addAll(reader.onEnd());
    }

    @Test
    void streamedAndCompleteAnswersAgree() {
        List<StreamEvent> events = new ArrayList<>();
        read(Golden.read("only-completed.upstream.sse"), events);
        ChatResponse streamed =
                StreamEvents.aggregate(Flux.fromIterable(events)).block();

        String body = Golden.read("only-completed.upstream.sse")
                .lines()
                .filter(line -> line.contains("response.completed\","))
                .findFirst()
                .orElseThrow();
        ChatResponse complete = protocol.readResponse(
                WireJson.parse(body.substring("data: ".length())).get("response"), REQUEST);

        assertThat(streamed).isNotNull();
        assertThat(streamed.content()).isEqualTo(complete.content());
        assertThat(streamed.stopReason()).isEqualTo(complete.stopReason());
        assertThat(streamed.usage()).isEqualTo(complete.usage());
    }

    @Test
    void ignoresFramesAfterCompletion() {
        List<StreamEvent> events = new ArrayList<>();
        read(Golden.read("text.upstream.sse"), events);
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        reader.onFrame(
                new SseFrame(
                        "response.completed",
                        "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}"));

        assertThat(reader.onFrame(SseFrame.data("{\"type\":\"response.output_text.delta\",\"delta\":\"late\"}")))
                .isEmpty();
        assertThat(reader.onFrame(SseFrame.data("[DONE]"))).isEmpty();
        assertThat(reader.onEnd()).isEmpty();
    }

    @Test
    void takesTheEventTypeFromTheEventNameWhenTheDataHasNone() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(
                        () -> reader.onFrame(new SseFrame("error", "{\"code\":\"server_error\",\"message\":\"boom\"}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.API);
                    assertThat(e.getMessage()).isEqualTo("upstream stream error: boom");
                });
    }

    @Test
    void startsWithAGeneratedIdWhenTheServerSkipsResponseCreated() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        List<StreamEvent> events = reader.onFrame(SseFrame.data(
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"output_index\":0,\"delta\":\"hi\"}"));

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(StreamEvent.Start.class, start -> {
            assertThat(start.id()).startsWith("msg_").hasSizeGreaterThan(10);
            assertThat(start.model()).isEqualTo("gpt-5");
        });
    }

    @Test
    void continuesTheCurrentItemWhenDeltasNameNone() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        List<StreamEvent> events = new ArrayList<>();

        events.addAll(reader.onFrame(SseFrame.data("{\"type\":\"response.output_text.delta\",\"delta\":\"a\"}")));
        events.addAll(reader.onFrame(SseFrame.data("{\"type\":\"response.output_text.delta\",\"delta\":\"b\"}")));
        events.addAll(reader.onFrame(SseFrame.data(
                "{\"type\":\"response.completed\",\"response\":{\"status\":\"completed\",\"output\":[]}}")));

        assertThat(EventText.render(events.subList(1, events.size()))).isEqualTo("""
                block_start 0 text ""
                delta 0 text "a"
                delta 0 text "b"
                block_stop 0
                stop END_TURN usage(in=0 out=0 cache_read=0 cache_write=0)
                """);
    }

    @Test
    void rejectsNonJsonData() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(() -> reader.onFrame(SseFrame.data("<html>502</html>")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
    }
}
