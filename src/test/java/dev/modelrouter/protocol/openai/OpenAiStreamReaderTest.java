package dev.modelrouter.protocol.openai;

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

class OpenAiStreamReaderTest {

    private static final ChatRequest REQUEST = ChatRequest.builder()
            .model("claude-sonnet-5-5")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .tools(List.of(CanonicalRequests.bash(), CanonicalRequests.read(), CanonicalRequests.mcp()))
            .stream(true)
            .build();

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "plain-text",
                "reasoning-then-text",
                "parallel-tool-calls",
                "tool-call-zero-arguments",
                "usage-in-last-chunk",
                "missing-finish-reason-with-done",
                "finish-reason-without-done",
                "cut-mid-way",
                "error-chunk",
                "kimi-ids"
            })
    void turnsUpstreamChunksIntoCanonicalEvents(String name) {
        Golden.assertText(name + ".events.txt", run(Golden.read(name + ".upstream.sse")));
    }

    /** Decodes the SSE text and runs it through a fresh reader, rendering events and a final error. */
    private String run(String sse) {
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
    void failsBeforeAnyEventWhenTheFirstChunkIsAnError() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(() -> reader.onFrame(SseFrame.data("{\"error\":{\"message\":\"bad key\",\"code\":401}}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
                    assertThat(e.getMessage()).isEqualTo("upstream stream error: bad key");
                });
    }

    @Test
    void ignoresFramesAfterDone() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        reader.onFrame(SseFrame.data(
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}"));
        reader.onFrame(SseFrame.data("[DONE]"));

        assertThat(reader.onFrame(SseFrame.data("{\"id\":\"x\",\"choices\":[]}")))
                .isEmpty();
        assertThat(reader.onEnd()).isEmpty();
    }

    @Test
    void treatsOpenRouterErrorFinishAsFailure() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);
        reader.onFrame(
                SseFrame.data("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"error\"}]}"));

        assertThatThrownBy(reader::onEnd)
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.API));
    }

    @Test
    void rejectsNonJsonData() {
        Protocol.StreamReader reader = protocol.newStreamReader(REQUEST);

        assertThatThrownBy(() -> reader.onFrame(SseFrame.data("<html>502</html>")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
    }
}
