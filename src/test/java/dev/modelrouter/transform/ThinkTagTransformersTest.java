package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.USAGE;
import static dev.modelrouter.transform.Fixtures.json;
import static dev.modelrouter.transform.Fixtures.route;
import static dev.modelrouter.transform.Fixtures.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.BlockDelta;
import dev.modelrouter.model.StreamEvent.BlockStart;
import dev.modelrouter.model.StreamEvent.BlockStop;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.spi.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** {@code extrathinktag} and {@code forcereasoning}: tagged reasoning in the answer text becomes a thinking block. */
class ThinkTagTransformersTest {

    private static final Transformer EXTRATHINKTAG = create("extrathinktag");
    private static final Transformer FORCEREASONING = create("forcereasoning");
    private static final Content.Thinking THINKING = new Content.Thinking("", null);

    private static Transformer create(String name) {
        return TransformerRegistry.withBuiltIns().find(name).orElseThrow().create(json("{}"));
    }

    private static StreamEvent text(int index, String text) {
        return new BlockDelta(index, new Delta.Text(text));
    }

    private static StreamEvent thought(int index, String text) {
        return new BlockDelta(index, new Delta.Thinking(text));
    }

    private static StreamEvent stop(StopReason reason) {
        return new StreamEvent.Stop(reason, null, USAGE);
    }

    /** An answer of one text block made of {@code pieces}, one delta each. */
    private static StreamEvent[] textAnswer(String... pieces) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(start());
        events.add(new BlockStart(0, Content.Text.of("")));
        for (String piece : pieces) {
            events.add(text(0, piece));
        }
        events.add(new BlockStop(0));
        events.add(stop(StopReason.END_TURN));
        return events.toArray(StreamEvent[]::new);
    }

    private static List<StreamEvent> run(Transformer transformer, StreamEvent... events) {
        List<StreamEvent> out = transformer
                .transformResponse(Flux.fromArray(events), route("m"))
                .collectList()
                .block();
        StreamShape.assertWellFormed(out);
        return out;
    }

    private static List<Content> content(Transformer transformer, StreamEvent... events) {
        ChatResponse response = StreamEvents.aggregate(Flux.fromIterable(run(transformer, events)))
                .block();
        return response.content();
    }

    @Test
    void extrathinktagMovesTheTaggedReasoningIntoAThinkingBlockBeforeTheAnswer() {
        List<StreamEvent> out = run(EXTRATHINKTAG, textAnswer("<think>Add the digits.</think>\n\nIt is 42."));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, THINKING),
                        thought(0, "Add the digits."),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        text(1, "It is 42."),
                        new BlockStop(1),
                        stop(StopReason.END_TURN));
    }

    @Test
    void streamsTheReasoningDeltaByDeltaAndFindsTagsSplitAcrossDeltas() {
        List<StreamEvent> out =
                run(EXTRATHINKTAG, textAnswer("<thi", "nk>Add ", "the digits.</th", "ink>", "\n", "It ", "is 42."));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, THINKING),
                        thought(0, "Add "),
                        thought(0, "the digits."),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        text(1, "It "),
                        text(1, "is 42."),
                        new BlockStop(1),
                        stop(StopReason.END_TURN));
    }

    @Test
    void findsTheTagsWhereverTheDeltasSplitTheText() {
        String answer = "Sure. <think>a < b</think> Done <not a tag>";
        List<Content> expected = List.of(
                Content.Text.of("Sure. "), new Content.Thinking("a < b", null), Content.Text.of("Done <not a tag>"));
        for (int i = 0; i <= answer.length(); i++) {
            for (int j = i; j <= answer.length(); j++) {
                StreamEvent[] events = textAnswer(answer.substring(0, i), answer.substring(i, j), answer.substring(j));
                assertThat(content(EXTRATHINKTAG, events))
                        .as("split at %d and %d", i, j)
                        .isEqualTo(expected);
            }
        }
        String[] characters = answer.split("");
        assertThat(content(EXTRATHINKTAG, textAnswer(characters))).isEqualTo(expected);
    }

    @Test
    void keepsTheTextBeforeAndAfterTheTagsAsTextBlocks() {
        List<StreamEvent> out = run(EXTRATHINKTAG, textAnswer("Let me see. <think>hmm</think>", "Yes."));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, Content.Text.of("")),
                        text(0, "Let me see. "),
                        new BlockStop(0),
                        new BlockStart(1, THINKING),
                        thought(1, "hmm"),
                        new BlockStop(1),
                        new BlockStart(2, Content.Text.of("")),
                        text(2, "Yes."),
                        new BlockStop(2),
                        stop(StopReason.END_TURN));
    }

    @Test
    void dropsOnlyTheWhitespaceAroundTheTagsNeverOpeningABlankTextBlock() {
        List<StreamEvent> out = run(EXTRATHINKTAG, textAnswer("\n", "<think>x</think>", "\n\n"));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, THINKING),
                        thought(0, "x"),
                        new BlockStop(0),
                        stop(StopReason.END_TURN));
    }

    @Test
    void endsAnUnclosedTagWithItsBlockAsThinking() {
        List<StreamEvent> out = run(EXTRATHINKTAG, textAnswer("<think>Still ", "thinking </thi"));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, THINKING),
                        thought(0, "Still "),
                        thought(0, "thinking "),
                        thought(0, "</thi"),
                        new BlockStop(0),
                        stop(StopReason.END_TURN));
    }

    @Test
    void passesAnAnswerWithoutTagsThroughUnchanged() {
        StreamEvent[] events = {
            start(),
            new BlockStart(0, THINKING),
            thought(0, "native"),
            new BlockStop(0),
            new BlockStart(1, Content.Text.of("")),
            text(1, "\n\n"),
            text(1, "if a < b"),
            text(1, " then <b>"),
            new BlockStop(1),
            new BlockStart(2, Content.Text.of("")),
            new BlockStop(2),
            new BlockStart(3, Content.Text.of("")),
            text(3, " "),
            new BlockStop(3),
            new StreamEvent.Ping(),
            stop(StopReason.END_TURN)
        };

        assertThat(run(EXTRATHINKTAG, events)).containsExactly(events);
        assertThat(run(FORCEREASONING, events)).containsExactly(events);
    }

    @Test
    void renumbersAToolCallAfterTheSplitText() {
        Content.ToolUse bash = new Content.ToolUse("call_1", "Bash", Json.object(), null);
        List<StreamEvent> out = run(
                EXTRATHINKTAG,
                start(),
                new BlockStart(0, Content.Text.of("")),
                text(0, "<think>list files</think>Listing."),
                new BlockStop(0),
                new BlockStart(1, bash),
                new BlockDelta(1, new Delta.ToolInput("{\"command\":\"ls\"}")),
                new BlockStop(1),
                stop(StopReason.TOOL_USE));

        assertThat(out)
                .containsExactly(
                        start(),
                        new BlockStart(0, THINKING),
                        thought(0, "list files"),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        text(1, "Listing."),
                        new BlockStop(1),
                        new BlockStart(2, bash),
                        new BlockDelta(2, new Delta.ToolInput("{\"command\":\"ls\"}")),
                        new BlockStop(2),
                        stop(StopReason.TOOL_USE));
    }

    @Test
    void closesAnUnclosedTagBeforeAToolCall() {
        Content.ToolUse bash = new Content.ToolUse("call_1", "Bash", Json.object(), null);

        assertThat(content(
                        EXTRATHINKTAG,
                        start(),
                        new BlockStart(0, Content.Text.of("")),
                        text(0, "<think>I should run ls"),
                        new BlockStop(0),
                        new BlockStart(1, bash),
                        new BlockStop(1),
                        stop(StopReason.TOOL_USE)))
                .containsExactly(new Content.Thinking("I should run ls", null), bash);
    }

    @Test
    void treatsOnlyTheFirstTagPairAsReasoning() {
        assertThat(content(
                        EXTRATHINKTAG, textAnswer("<think>plan</think>Use <think> tags", " like <think>this</think>.")))
                .containsExactly(
                        new Content.Thinking("plan", null),
                        Content.Text.of("Use <think> tags like <think>this</think>."));
    }

    @Test
    void keepsTextBlocksAfterTheReasoningAsTheyCame() {
        List<StreamEvent> out = run(
                EXTRATHINKTAG,
                start(),
                new BlockStart(0, Content.Text.of("")),
                text(0, "<think>t</think>a"),
                new BlockStop(0),
                new BlockStart(1, Content.Text.of("")),
                text(1, "\n<think>b</think>"),
                new BlockStop(1),
                stop(StopReason.END_TURN));

        assertThat(out.subList(7, 10))
                .containsExactly(
                        new BlockStart(2, Content.Text.of("")), text(2, "\n<think>b</think>"), new BlockStop(2));
    }

    @Test
    void forcereasoningReadsReasoningContentTagsAndLeavesThinkTagsAlone() {
        assertThat(content(
                        FORCEREASONING,
                        textAnswer(
                                "<reasoning_", "content>\nStep 1: <think> is text.\n</reasoning_con", "tent>\n\n42")))
                .containsExactly(new Content.Thinking("\nStep 1: <think> is text.\n", null), Content.Text.of("42"));
    }

    @Test
    void keepsNoStateBetweenSubscriptions() {
        Flux<StreamEvent> answer =
                EXTRATHINKTAG.transformResponse(Flux.fromArray(textAnswer("<think>a", "</think>b")), route("m"));
        List<StreamEvent> first = answer.collectList().block();

        StepVerifier.create(answer).expectNextSequence(first).verifyComplete();
        assertThat(first).hasSize(8);
    }

    @Test
    void handlesEveryStreamEventAndBlockKind() {
        List<StreamEvent> events = new ArrayList<>();
        events.add(start());
        events.add(new StreamEvent.Ping());
        Content[] blocks = {
            Content.Text.of(""),
            THINKING,
            new Content.RedactedThinking("x"),
            new Content.ToolUse("t", "Bash", Json.object(), null),
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

        assertThat(run(EXTRATHINKTAG, events.toArray(StreamEvent[]::new))).isEqualTo(events);
        assertThat(run(FORCEREASONING, events.toArray(StreamEvent[]::new))).isEqualTo(events);
    }

    @Test
    void forcereasoningAsksForTaggedReasoningInTheSystemPromptAndTheLastUserTurn() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .system(List.of(Content.Text.of("You are Claude Code.")))
                .addMessage(Message.of(Role.USER, "hello"))
                .build();

        ChatRequest sent = FORCEREASONING.transformRequest(request, route("m"));

        Content.Text prompt = Content.Text.of(ForceReasoningTransformer.PROMPT);
        assertThat(sent.system()).containsExactly(Content.Text.of("You are Claude Code."), prompt);
        assertThat(sent.messages()).containsExactly(new Message(Role.USER, List.of(Content.Text.of("hello"), prompt)));
        assertThat(ForceReasoningTransformer.PROMPT).contains("<reasoning_content>", "</reasoning_content>");
        assertThat(sent.thinking()).isNull();
    }

    @Test
    void forcereasoningAsksAgainAfterToolResults() {
        Content.ToolResult result = new Content.ToolResult("call_1", List.of(Content.Text.of("a.txt")), false, null);
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .addMessage(Message.of(Role.USER, "list files"))
                .addMessage(new Message(
                        Role.ASSISTANT, List.of(new Content.ToolUse("call_1", "Bash", Json.object(), null))))
                .addMessage(new Message(Role.USER, List.of(result)))
                .build();

        ChatRequest sent = FORCEREASONING.transformRequest(request, route("m"));

        assertThat(sent.system()).isEmpty();
        assertThat(sent.messages().subList(0, 2)).isEqualTo(request.messages().subList(0, 2));
        assertThat(sent.messages().get(2).content())
                .containsExactly(result, Content.Text.of(ForceReasoningTransformer.PROMPT));
    }

    @Test
    void forcereasoningLeavesAnAssistantPrefillWithoutSystemPromptAlone() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .addMessage(Message.of(Role.USER, "hello"))
                .addMessage(Message.of(Role.ASSISTANT, "Hi"))
                .build();

        assertThat(FORCEREASONING.transformRequest(request, route("m"))).isSameAs(request);
    }

    @Test
    void bothRejectOptions() {
        for (String name : List.of("extrathinktag", "forcereasoning")) {
            assertThatThrownBy(() -> TransformerRegistry.withBuiltIns()
                            .find(name)
                            .orElseThrow()
                            .create(json("{\"tag\": \"x\"}")))
                    .hasMessage(name + ": unknown option(s) [tag]; it takes none");
        }
    }
}
