package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.USAGE;
import static dev.modelrouter.transform.Fixtures.route;
import static dev.modelrouter.transform.Fixtures.start;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.BlockDelta;
import dev.modelrouter.model.StreamEvent.BlockStart;
import dev.modelrouter.model.StreamEvent.BlockStop;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.spi.Transformer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The answer side of {@code tooluse} and {@code enhancetool}: exact events, and well-formed streams. */
class ToolStreamTransformersTest {

    private static final Transformer TOOLUSE = ToolUseTransformer.factory().create(Json.object());
    private static final Transformer ENHANCETOOL =
            EnhanceToolTransformer.factory().create(Json.object());

    private static Content.ToolUse tool(String id, String name) {
        return new Content.ToolUse(id, name, Json.object(), null);
    }

    private static StreamEvent input(int index, String json) {
        return new BlockDelta(index, new Delta.ToolInput(json));
    }

    private static StreamEvent text(int index, String text) {
        return new BlockDelta(index, new Delta.Text(text));
    }

    private static StreamEvent stop(StopReason reason) {
        return new StreamEvent.Stop(reason, null, USAGE);
    }

    private static List<StreamEvent> run(Transformer transformer, StreamEvent... events) {
        List<StreamEvent> out = transformer
                .transformResponse(Flux.fromArray(events), route("m"))
                .collectList()
                .block();
        StreamShape.assertWellFormed(out);
        return out;
    }

    @Test
    void turnsAnExitToolCallIntoTheTextItCarriesAndEndsTheTurn() {
        List<StreamEvent> out = run(
                TOOLUSE,
                start(),
                new BlockStart(0, Content.Text.of("")),
                text(0, "Thinking aloud."),
                new BlockStop(0),
                new BlockStart(1, tool("call_1", "ExitTool")),
                input(1, "{\"response\": \"The build"),
                input(1, " passes.\"}"),
                new BlockStop(1),
                stop(StopReason.TOOL_USE));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, Content.Text.of("")),
                        text(0, "Thinking aloud."),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        text(1, "The build passes."),
                        new BlockStop(1),
                        stop(StopReason.END_TURN));
    }

    @Test
    void renumbersBlocksAroundAnEmptyExitToolAndKeepsToolUseWhenOtherCallsWereMade() {
        List<StreamEvent> out = run(
                TOOLUSE,
                start(),
                new BlockStart(0, tool("call_0", "ExitTool")),
                input(0, "{\"response\": \"\"}"),
                new BlockStop(0),
                new BlockStart(1, tool("call_1", "Bash")),
                input(1, "{\"command\":\"ls\"}"),
                new BlockStop(1),
                stop(StopReason.TOOL_USE));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, tool("call_1", "Bash")),
                        input(0, "{\"command\":\"ls\"}"),
                        new BlockStop(0),
                        stop(StopReason.TOOL_USE));
    }

    @Test
    void anExitToolAnswerAggregatesToAPlainTextAnswer() {
        ChatResponse upstream = new ChatResponse(
                "msg_1",
                "m",
                List.of(new Content.ToolUse("call_9", "ExitTool", Fixtures.json("{\"response\": \"Hi!\"}"), null)),
                StopReason.TOOL_USE,
                null,
                USAGE);

        ChatResponse out = StreamEvents.aggregate(TOOLUSE.transformResponse(StreamEvents.of(upstream), route("m")))
                .block();

        assertThat(out.content()).containsExactly(Content.Text.of("Hi!"));
        assertThat(out.stopReason()).isEqualTo(StopReason.END_TURN);
    }

    @Test
    void eachSubscriptionStartsClean() {
        Flux<StreamEvent> upstream = Flux.just(
                start(),
                new BlockStart(0, tool("c", "ExitTool")),
                input(0, "{\"response\":\"ok\"}"),
                new BlockStop(0),
                stop(StopReason.TOOL_USE));
        Flux<StreamEvent> transformed = TOOLUSE.transformResponse(upstream, route("m"));

        StepVerifier.create(transformed).expectNextCount(5).verifyComplete();
        StepVerifier.create(transformed).expectNextCount(5).verifyComplete();
    }

    @Test
    void sendsEachToolCallsArgumentsOnceRepairedWhileTextStreams() {
        List<StreamEvent> out = run(
                ENHANCETOOL,
                start(),
                new BlockStart(0, new Content.Thinking("", null)),
                new BlockDelta(0, new Delta.Thinking("hmm")),
                new BlockDelta(0, new Delta.Signature("sig")),
                new BlockStop(0),
                new BlockStart(1, Content.Text.of("")),
                text(1, "Let me"),
                text(1, " look."),
                new BlockStop(1),
                new BlockStart(2, tool("call_1", "Read")),
                input(2, "{file_path: 'a.txt',"),
                input(2, " limit: 5"),
                new BlockStop(2),
                new BlockStart(3, tool("call_2", "Bash")),
                input(3, "{\"command\": \"ls"),
                new BlockStop(3),
                new BlockStart(4, tool("call_3", "Noop")),
                new BlockStop(4),
                stop(StopReason.TOOL_USE));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, new Content.Thinking("", null)),
                        new BlockDelta(0, new Delta.Thinking("hmm")),
                        new BlockDelta(0, new Delta.Signature("sig")),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        text(1, "Let me"),
                        text(1, " look."),
                        new BlockStop(1),
                        new BlockStart(2, tool("call_1", "Read")),
                        input(2, "{\"file_path\":\"a.txt\",\"limit\":5}"),
                        new BlockStop(2),
                        new BlockStart(3, tool("call_2", "Bash")),
                        input(3, "{\"command\":\"ls\"}"),
                        new BlockStop(3),
                        new BlockStart(4, tool("call_3", "Noop")),
                        new BlockStop(4),
                        stop(StopReason.TOOL_USE));
    }

    @Test
    void textDeltasPassBeforeTheStreamEnds() {
        Flux<StreamEvent> upstream =
                Flux.concat(Flux.just(start(), new BlockStart(0, Content.Text.of("")), text(0, "live")), Flux.never());

        StepVerifier.create(ENHANCETOOL.transformResponse(upstream, route("m")))
                .expectNext(start(), new BlockStart(0, Content.Text.of("")), text(0, "live"))
                .thenCancel()
                .verify();
    }

    @Test
    void unrecoverableArgumentsBecomeAnEmptyObject() {
        List<StreamEvent> out = run(
                ENHANCETOOL,
                start(),
                new BlockStart(0, tool("c", "Bash")),
                input(0, "not json at all"),
                new BlockStop(0),
                stop(StopReason.TOOL_USE));

        assertThat(out.get(2)).isEqualTo(input(0, "{}"));
    }

    @Test
    void bothHandleEveryStreamEventAndContentKind() {
        // every event kind, every block kind: both transformers must pass them without failing
        List<StreamEvent> events = new java.util.ArrayList<>();
        events.add(start());
        events.add(new StreamEvent.Ping());
        Content[] blocks = {
            Content.Text.of(""),
            new Content.Thinking("", null),
            new Content.RedactedThinking("x"),
            tool("t", "Bash"),
            new Content.ServerToolUse("s", "web_search", Json.object()),
            new Content.ServerToolResult("web_search_tool_result", "s", Json.array())
        };
        for (int i = 0; i < blocks.length; i++) {
            events.add(new BlockStart(i, blocks[i]));
            events.add(new BlockStop(i));
        }
        events.add(stop(StopReason.END_TURN));
        assertThat(Arrays.stream(StreamEvent.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("Start", "BlockStart", "BlockDelta", "BlockStop", "Stop", "Ping");

        assertThat(run(TOOLUSE, events.toArray(StreamEvent[]::new))).isEqualTo(events);
        assertThat(run(ENHANCETOOL, events.toArray(StreamEvent[]::new))).isEqualTo(events);
    }
}
