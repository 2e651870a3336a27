package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.SseFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class GeminiStreamWriterTest {

    private static final ChatRequest CLIENT =
            ChatRequest.builder().model("gemini-2.5-pro").messages(List.of(Message.of(Role.USER, "hi"))).stream(true)
                    .build();

    private final GeminiProtocol protocol = new GeminiProtocol();

    private String write(List<StreamEvent> events, RouterException error) {
        Protocol.StreamWriter writer = protocol.newStreamWriter(CLIENT);
        StringBuilder out = new StringBuilder();
        events.forEach(event -> writer.onEvent(event).forEach(frame -> out.append(frame.encode())));
        List<SseFrame> end = error == null ? writer.onComplete() : writer.onError(error);
        end.forEach(frame -> out.append(frame.encode()));
        return out.toString();
    }

    private static List<StreamEvent> toolTurn() {
        return List.of(
                new StreamEvent.Start("msg_01XYZ", "claude-sonnet-4-5", new Usage(10, 0, 0, 0)),
                new StreamEvent.BlockStart(0, new Content.Thinking("", null)),
                new StreamEvent.BlockDelta(0, new Delta.Thinking("Let me ")),
                new StreamEvent.BlockDelta(0, new Delta.Thinking("think.")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Ping(),
                new StreamEvent.BlockStart(1, Content.Text.of("")),
                new StreamEvent.BlockDelta(1, new Delta.Text("Reading")),
                new StreamEvent.BlockDelta(1, new Delta.Text(" a.")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, new Content.Thinking("", null)),
                new StreamEvent.BlockDelta(2, new Delta.Signature(ThoughtSignatures.PREFIX + "U2ln")),
                new StreamEvent.BlockStop(2),
                new StreamEvent.BlockStart(3, new Content.ToolUse("toolu_a", "Read", Json.object(), null)),
                new StreamEvent.BlockDelta(3, new Delta.ToolInput("{\"path\":")),
                new StreamEvent.BlockDelta(3, new Delta.ToolInput("\"a\"}")),
                new StreamEvent.BlockStop(3),
                new StreamEvent.BlockStart(4, new Content.ServerToolUse("srvtoolu_1", "web_search", Json.object())),
                new StreamEvent.BlockDelta(4, new Delta.ToolInput("{\"query\":\"x\"}")),
                new StreamEvent.BlockStop(4),
                new StreamEvent.BlockStart(5, new Content.ToolUse("toolu_b", "ListAgents", Json.object(), null)),
                new StreamEvent.BlockStop(5),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(10, 7, 90, 0)));
    }

    @Test
    void writesThoughtsTextAndWholeFunctionCalls() {
        Golden.assertText("tool-calls.stream.sse", write(toolTurn(), null));
    }

    @Test
    void endsFailedStreamWithAnErrorFrame() {
        List<StreamEvent> events = List.of(
                new StreamEvent.Start("msg_03", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, Content.Text.of("")),
                new StreamEvent.BlockDelta(0, new Delta.Text("Partial")));
        RouterException error = new RouterException(ErrorKind.OVERLOADED, "provider deepseek is overloaded");

        Golden.assertText("error.stream.sse", write(events, error));
    }

    @Test
    void writesAnEmptyFinalPartForAnEmptyAnswer() {
        assertThat(write(
                        List.of(
                                new StreamEvent.Start("msg_e", "m", Usage.ZERO),
                                new StreamEvent.Stop(StopReason.MAX_TOKENS, null, Usage.ZERO)),
                        null))
                .isEqualTo("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
                        + "\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":0,"
                        + "\"candidatesTokenCount\":0,\"totalTokenCount\":0},\"modelVersion\":\"m\","
                        + "\"responseId\":\"e\"}\n\n");
    }

    @Test
    void readsItsOwnStreamBackToTheSameAnswer() {
        ChatResponse written =
                StreamEvents.aggregate(Flux.fromIterable(toolTurn())).block();

        String sse = write(toolTurn(), null);
        ChatResponse read = StreamEvents.aggregate(
                        Flux.fromIterable(GeminiStreamReaderTest.events(new GeminiProtocol(), sse)))
                .block();

        assertThat(read.content()).hasSize(written.content().size() - 1); // the server tool is not Gemini's
        // the unsigned thought comes back with the router's marker: every thinking block is signed
        assertThat(read.content().get(0))
                .isEqualTo(new Content.Thinking(
                        ((Content.Thinking) written.content().get(0)).text(), SignatureCarrier.NONE));
        assertThat(read.content().get(1)).isEqualTo(written.content().get(1));
        assertThat(read.content().get(2)).isEqualTo(written.content().get(2));
        assertThat(((Content.ToolUse) read.content().get(3)).input()).isEqualTo(Json.parse("{\"path\":\"a\"}"));
        assertThat(((Content.ToolUse) read.content().get(4)).name()).isEqualTo("ListAgents");
        assertThat(read.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(read.usage()).isEqualTo(written.usage());
    }
}
