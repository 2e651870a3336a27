package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.BooleanNode;

class OpenAiStreamWriterTest {

    private final OpenAiProtocol protocol =
            new OpenAiProtocol(Clock.fixed(Instant.ofEpochSecond(1730000000), ZoneOffset.UTC));

    private static ChatRequest client(boolean includeUsage) {
        ChatRequest.Builder request =
                ChatRequest.builder().model("gpt-4o").messages(List.of(Message.of(Role.USER, "hi"))).stream(true);
        if (includeUsage) {
            request.extension("stream_options", WireJson.object().set("include_usage", BooleanNode.TRUE));
        }
        return request.build();
    }

    private String write(ChatRequest client, List<StreamEvent> events, RouterException error) {
        Protocol.StreamWriter writer = protocol.newStreamWriter(client);
        StringBuilder out = new StringBuilder();
        events.forEach(event -> writer.onEvent(event).forEach(frame -> out.append(frame.encode())));
        List<SseFrame> end = error == null ? writer.onComplete() : writer.onError(error);
        end.forEach(frame -> out.append(frame.encode()));
        return out.toString();
    }

    @Test
    void writesReasoningTextAndUsageChunk() {
        List<StreamEvent> events = List.of(
                new StreamEvent.Start("msg_01XYZ", "upstream-model", new Usage(10, 0, 0, 0)),
                new StreamEvent.BlockStart(0, new Content.Thinking("", null)),
                new StreamEvent.BlockDelta(0, new Delta.Thinking("Let me think.")),
                new StreamEvent.BlockDelta(0, new Delta.Signature("sig")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Ping(),
                new StreamEvent.BlockStart(1, Content.Text.of("")),
                new StreamEvent.BlockDelta(1, new Delta.Text("Hello")),
                new StreamEvent.BlockDelta(1, new Delta.Text(" there.")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Stop(StopReason.END_TURN, null, new Usage(10, 7, 90, 5)));

        Golden.assertText("reasoning-and-usage.stream.sse", write(client(true), events, null));
    }

    @Test
    void numbersToolCallsByTheirOwnCount() {
        List<StreamEvent> events = List.of(
                new StreamEvent.Start("msg_02", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, Content.Text.of("")),
                new StreamEvent.BlockDelta(0, new Delta.Text("Reading.")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Content.ToolUse("toolu_a", "Read", WireJson.object(), null)),
                new StreamEvent.BlockDelta(1, new Delta.ToolInput("{\"path\":")),
                new StreamEvent.BlockDelta(1, new Delta.ToolInput("\"a\"}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, new Content.ServerToolUse("srvtoolu_1", "web_search", WireJson.object())),
                new StreamEvent.BlockDelta(2, new Delta.ToolInput("{\"query\":\"x\"}")),
                new StreamEvent.BlockStop(2),
                new StreamEvent.BlockStart(3, new Content.ToolUse("toolu_b", "ListAgents", WireJson.object(), null)),
                new StreamEvent.BlockStop(3),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(3, 4, 0, 0)));

        Golden.assertText("tool-calls.stream.sse", write(client(false), events, null));
    }

    @Test
    void endsFailedStreamWithErrorChunkAndNoDone() {
        List<StreamEvent> events = List.of(
                new StreamEvent.Start("msg_03", "m", Usage.ZERO),
                new StreamEvent.BlockStart(0, Content.Text.of("")),
                new StreamEvent.BlockDelta(0, new Delta.Text("Partial")));
        RouterException error = new RouterException(ErrorKind.OVERLOADED, "provider deepseek is overloaded");

        Golden.assertText("error.stream.sse", write(client(true), events, error));
    }

    @Test
    void relaysOpenAiUpstreamToOpenAiClient() {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(
                decoder.feed(Golden.read("parallel-tool-calls.upstream.sse").getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        ChatRequest client = client(true);
        Protocol.StreamReader reader = protocol.newStreamReader(client);
        List<StreamEvent> events = new ArrayList<>();
        frames.forEach(frame -> events.addAll(reader.onFrame(frame)));
        events.addAll(reader.onEnd());

        Golden.assertText("parallel-tool-calls.relay.sse", write(client, events, null));
    }

    @Test
    void everyChunkIsValidForTheOfficialSdk() throws Exception {
        String sse = Golden.read("tool-calls.stream.sse") + Golden.read("reasoning-and-usage.stream.sse");
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = decoder.feed(sse.getBytes(StandardCharsets.UTF_8));
        for (SseFrame frame : frames) {
            if (frame.data().equals("[DONE]")) {
                continue;
            }
            com.openai.models.chat.completions.ChatCompletionChunk chunk = com.openai.core.ObjectMappers.jsonMapper()
                    .readValue(frame.data(), com.openai.models.chat.completions.ChatCompletionChunk.class);
            chunk.validate();
            assertThat(chunk.model())
                    .as("the served model, as each fixture's upstream named it")
                    .isIn("m", "upstream-model");
        }
    }
}
