package dev.modelrouter.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StreamEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static ChatResponse everyBlockKind() {
        return new ChatResponse(
                "msg_1",
                "m",
                List.of(
                        new Content.Thinking("hmm", "sig"),
                        new Content.Thinking("", null),
                        new Content.RedactedThinking("opaque"),
                        Content.Text.of("hello"),
                        new Content.ServerToolUse("srvtoolu_1", "web_search", json("{\"query\":\"q\"}")),
                        new Content.ServerToolResult("web_search_tool_result", "srvtoolu_1", json("[]")),
                        new Content.ToolUse("toolu_1", "Bash", json("{\"command\":\"ls\",\"n\":[1,2]}"), null),
                        new Content.ToolUse("toolu_2", "Noop", json("{}"), null)),
                StopReason.TOOL_USE,
                null,
                new Usage(10, 20, 30, 40));
    }

    @Test
    void aggregateInvertsOf() {
        ChatResponse response = everyBlockKind();

        assertThat(StreamEvents.aggregate(StreamEvents.of(response)).block()).isEqualTo(response);
    }

    @Test
    void explodesIntoStartBlocksAndStop() {
        ChatResponse response = new ChatResponse(
                "msg_2",
                "m",
                List.of(
                        new Content.Thinking("a", "s"),
                        Content.Text.of("b"),
                        new Content.ToolUse("t", "f", json("{\"x\":1}"), null)),
                StopReason.STOP_SEQUENCE,
                "END",
                new Usage(1, 2, 3, 4));

        StepVerifier.create(StreamEvents.of(response))
                .expectNext(new StreamEvent.Start("msg_2", "m", new Usage(1, 0, 3, 4)))
                .expectNext(new StreamEvent.BlockStart(0, new Content.Thinking("", null)))
                .expectNext(new StreamEvent.BlockDelta(0, new StreamEvent.Delta.Thinking("a")))
                .expectNext(new StreamEvent.BlockDelta(0, new StreamEvent.Delta.Signature("s")))
                .expectNext(new StreamEvent.BlockStop(0))
                .expectNext(new StreamEvent.BlockStart(1, Content.Text.of("")))
                .expectNext(new StreamEvent.BlockDelta(1, new StreamEvent.Delta.Text("b")))
                .expectNext(new StreamEvent.BlockStop(1))
                .expectNext(new StreamEvent.BlockStart(2, new Content.ToolUse("t", "f", json("{}"), null)))
                .expectNext(new StreamEvent.BlockDelta(2, new StreamEvent.Delta.ToolInput("{\"x\":1}")))
                .expectNext(new StreamEvent.BlockStop(2))
                .expectNext(new StreamEvent.Stop(StopReason.STOP_SEQUENCE, "END", new Usage(1, 2, 3, 4)))
                .verifyComplete();
    }

    @Test
    void aggregatesFragmentsAndTreatsEmptyToolInputAsEmptyObject() {
        Flux<StreamEvent> events = Flux.just(
                new StreamEvent.Start("id", "m", new Usage(5, 0, 0, 0)),
                new StreamEvent.BlockStart(0, Content.Text.of("")),
                new StreamEvent.BlockDelta(0, new StreamEvent.Delta.Text("Hel")),
                new StreamEvent.Ping(),
                new StreamEvent.BlockDelta(0, new StreamEvent.Delta.Text("lo")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Content.ToolUse("a", "f", json("{}"), null)),
                new StreamEvent.BlockDelta(1, new StreamEvent.Delta.ToolInput("{\"p\":")),
                new StreamEvent.BlockDelta(1, new StreamEvent.Delta.ToolInput("\"x\"}")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, new Content.ToolUse("b", "g", json("{}"), null)),
                new StreamEvent.BlockDelta(2, new StreamEvent.Delta.ToolInput("")),
                new StreamEvent.BlockStop(2),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(5, 9, 0, 0)));

        assertThat(StreamEvents.aggregate(events).block())
                .isEqualTo(new ChatResponse(
                        "id",
                        "m",
                        List.of(
                                Content.Text.of("Hello"),
                                new Content.ToolUse("a", "f", json("{\"p\":\"x\"}"), null),
                                new Content.ToolUse("b", "g", json("{}"), null)),
                        StopReason.TOOL_USE,
                        null,
                        new Usage(5, 9, 0, 0)));
    }

    @Test
    void failsWhenEventsEndBeforeStop() {
        StepVerifier.create(StreamEvents.aggregate(Flux.just(new StreamEvent.Start("id", "m", Usage.ZERO))))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                RouterException.class, r -> assertThat(r.kind()).isEqualTo(ErrorKind.BAD_GATEWAY)))
                .verify();
    }

    @Test
    void failsOnInvalidToolInputJson() {
        Flux<StreamEvent> events = Flux.just(
                new StreamEvent.BlockStart(0, new Content.ToolUse("a", "f", json("{}"), null)),
                new StreamEvent.BlockDelta(0, new StreamEvent.Delta.ToolInput("{\"p\":")),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, Usage.ZERO));

        StepVerifier.create(StreamEvents.aggregate(events))
                .expectErrorMessage("a tool call's input is not valid JSON")
                .verify();
    }
}
