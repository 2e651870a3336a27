package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.BlockDelta;
import dev.modelrouter.model.StreamEvent.BlockStart;
import dev.modelrouter.model.StreamEvent.BlockStop;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SignatureCarrier;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;

/** How a fallback's events are fitted into a stream that broke, and how a stream that cannot go on ends. */
class SpliceTest {

    private static final StreamEvent START = new StreamEvent.Start("msg_1", "m", new Usage(10, 1, 0, 0));

    private static Splice seen(StreamEvent... events) {
        Splice splice = new Splice();
        List.of(events).forEach(splice::observe);
        return splice;
    }

    private static List<StreamEvent> adopted(Splice splice, StreamEvent... fallback) {
        return splice.adopt(Flux.just(fallback)).collectList().block();
    }

    private static Content.ToolUse tool(String id) {
        return new Content.ToolUse(id, "Bash", JsonNodeFactory.instance.objectNode(), null);
    }

    @Test
    void aFallbackContinuesTheCutTextBlockThenNumbersItsOwnOnAndTheUsageAddsUp() {
        Splice splice = seen(
                START,
                new BlockStart(0, new Content.Thinking("", null)),
                new BlockDelta(0, new Delta.Thinking("abcd")),
                new BlockDelta(0, new Delta.Signature("sig")),
                new BlockStop(0),
                new BlockStart(1, Content.Text.of("")),
                new BlockDelta(1, new Delta.Text("12345678")));

        List<StreamEvent> out = adopted(
                splice,
                new StreamEvent.Start("msg_2", "other", Usage.ZERO),
                new BlockStart(0, Content.Text.of("")),
                new BlockDelta(0, new Delta.Text(" rest")),
                new BlockStop(0),
                new BlockStart(1, tool("toolu_2")),
                new BlockDelta(1, new Delta.ToolInput("{}")),
                new BlockStop(1),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(20, 5, 2, 1)));

        // 12 characters of thinking and text seen count as 3 output tokens of the broken attempt
        assertThat(out)
                .containsExactly(
                        new BlockDelta(1, new Delta.Text(" rest")),
                        new BlockStop(1),
                        new BlockStart(2, tool("toolu_2")),
                        new BlockDelta(2, new Delta.ToolInput("{}")),
                        new BlockStop(2),
                        new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(30, 8, 2, 1)));
    }

    @Test
    void aThoughtCutBeforeItsSignatureIsClosedWithTheRoutersEmptyOneAndTheFallbackAnswersAfterIt() {
        Splice splice = seen(
                START, new BlockStart(0, new Content.Thinking("", null)), new BlockDelta(0, new Delta.Thinking("hmm")));

        assertThat(splice.cannotContinue()).isNull();
        assertThat(splice.needsPrefill())
                .as("a thought is no answer to continue")
                .isFalse();
        assertThat(adopted(
                        splice,
                        new BlockStart(0, Content.Text.of("")),
                        new BlockDelta(0, new Delta.Text("answer")),
                        new BlockStop(0),
                        new StreamEvent.Stop(StopReason.END_TURN, null, Usage.ZERO)))
                .containsExactly(
                        new BlockDelta(0, new Delta.Signature(SignatureCarrier.NONE)),
                        new BlockStop(0),
                        new BlockStart(1, Content.Text.of("")),
                        new BlockDelta(1, new Delta.Text("answer")),
                        new BlockStop(1),
                        new StreamEvent.Stop(StopReason.END_TURN, null, new Usage(10, 0, 0, 0)));
    }

    @Test
    void aThoughtCutAfterItsSignatureKeepsIt() {
        Splice splice = seen(
                START,
                new BlockStart(0, new Content.Thinking("", null)),
                new BlockDelta(0, new Delta.Thinking("hmm")),
                new BlockDelta(0, new Delta.Signature("sig")));

        assertThat(adopted(splice, new StreamEvent.Stop(StopReason.END_TURN, null, Usage.ZERO)))
                .containsExactly(
                        new BlockStop(0), new StreamEvent.Stop(StopReason.END_TURN, null, new Usage(10, 0, 0, 0)));
    }

    @Test
    void aBreakAfterAWholeToolCallEndsTheTurnAtItWithTheToolUseStopReason() {
        Splice splice = seen(
                START,
                new BlockStart(0, Content.Text.of("")),
                new BlockDelta(0, new Delta.Text("abcd")),
                new BlockStop(0),
                new BlockStart(1, tool("toolu_1")),
                new BlockDelta(1, new Delta.ToolInput("{\"a\":1}")),
                new BlockStop(1),
                new BlockStart(2, Content.Text.of("")),
                new BlockDelta(2, new Delta.Text("more")));

        assertThat(splice.cannotContinue()).isNull();
        assertThat(splice.endsAtToolCalls()).isTrue();
        assertThat(splice.endAtToolCalls().collectList().block())
                .containsExactly(
                        new BlockStop(2), new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(10, 3, 0, 0)));
    }

    @Test
    void aBreakBeforeAnyToolCallEndedIsContinuedNotEnded() {
        Splice splice = seen(START, new BlockStart(0, Content.Text.of("")), new BlockDelta(0, new Delta.Text("ab")));

        assertThat(splice.endsAtToolCalls()).isFalse();
        assertThat(splice.cannotContinue()).isNull();
    }

    @Test
    void aBreakAfterAServerToolCallCannotBeContinuedAndSaysWhy() {
        Splice splice = seen(
                START,
                new BlockStart(
                        0,
                        new Content.ServerToolUse("srvtoolu_1", "web_search", JsonNodeFactory.instance.objectNode())),
                new BlockStop(0));

        assertThat(splice.cannotContinue()).contains("server tool call");
        assertThat(splice.endsAtToolCalls()).isFalse();
    }
}
