package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.testing.EventText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiStreamReaderTest {

    static final ChatRequest REQUEST =
            ChatRequest.builder().model("gemini-2.5-pro").messages(List.of(Message.of(Role.USER, "hi"))).stream(true)
                    .build();

    private final GeminiProtocol protocol = new GeminiProtocol();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "text",
                "thoughts-then-text",
                "function-call-then-stop",
                "parallel-function-calls",
                "signature-on-function-call",
                "cut-stream",
                "error-frame",
                "usage-running-totals",
                "malformed-function-call",
                "prompt-blocked"
            })
    void turnsUpstreamFramesIntoCanonicalEvents(String name) {
        Golden.assertText(name + ".events.txt", run(protocol, Golden.read(name + ".upstream.sse")));
    }

    /** The events of a complete stream. */
    static List<StreamEvent> events(GeminiProtocol protocol, String sse) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(sse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        List<StreamEvent> events = new ArrayList<>();
        frames.forEach(frame -> events.addAll(reader.onFrame(frame)));
        events.addAll(reader.onEnd());
        return events;
    }

    /** Decodes the SSE text and runs it through a fresh reader, rendering events and a final error. */
    static String run(GeminiProtocol protocol, String sse) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(sse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        List<StreamEvent> events = new ArrayList<>();
        try {
            for (SseFrame frame : frames) {
                events.addAll(reader.onFrame(frame));
            }
            events.addAll(reader.onEnd());
            return EventText.render(events);
        } catch (RouterException e) {
            return EventText.render(events) + EventText.render(e);
        }
    }

    @Test
    void failsBeforeAnyEventWhenTheFirstFrameIsAnError() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(() -> reader.onFrame(SseFrame.data(
                        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMIT);
                    assertThat(e.getMessage()).isEqualTo("upstream stream error: Quota exceeded");
                });
    }

    @Test
    void rejectsNonJsonData() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(() -> reader.onFrame(SseFrame.data("<html>502</html>")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
    }

    @Test
    void endsEmptyStreamAsCut() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(reader::onEnd).isInstanceOfSatisfying(RouterException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY);
            assertThat(e.getMessage()).contains("stream ended early");
        });
    }
}
