package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Samples of the canonical model's sealed types for the codecs' exhaustive-dispatch tests: each list
 * is checked against its type's permitted subclasses, so a new variant fails every codec's test until
 * its instanceof chains name it.
 */
public final class SealedSamples {

    private SealedSamples() {}

    /** One of each {@link Content.Source}. */
    public static List<Content.Source> sources() {
        List<Content.Source> sources = List.of(
                new Content.Source.Base64("QUJD"),
                new Content.Source.Url("https://example.com/x"),
                new Content.Source.File("file_1"),
                new Content.Source.PlainText("plain"));
        assertThat(sources).extracting(Object::getClass)
                .containsExactlyInAnyOrder(Content.Source.class.getPermittedSubclasses());
        return sources;
    }

    /** The blocks of {@code samples}, whose keys must be every {@link Content} type. */
    public static List<Content> contents(Map<Class<?>, List<Content>> samples) {
        assertThat(samples.keySet()).containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
        return samples.values().stream().flatMap(List::stream).toList();
    }

    /** Every event type, with a block start for each of {@code blocks} and every delta type. */
    public static List<StreamEvent> events(List<Content> blocks) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start("msg_1", "m", Usage.ZERO));
        for (Content block : blocks) {
            events.add(new StreamEvent.BlockStart(0, block));
        }
        List<StreamEvent.Delta> deltas = List.of(
                new StreamEvent.Delta.Text("a"),
                new StreamEvent.Delta.Thinking("b"),
                new StreamEvent.Delta.Signature("c"),
                new StreamEvent.Delta.ToolInput("{}"));
        assertThat(deltas).extracting(Object::getClass)
                .containsExactlyInAnyOrder(StreamEvent.Delta.class.getPermittedSubclasses());
        deltas.forEach(delta -> events.add(new StreamEvent.BlockDelta(0, delta)));
        events.add(new StreamEvent.BlockStop(0));
        events.add(new StreamEvent.Ping());
        events.add(new StreamEvent.Stop(StopReason.END_TURN, null, Usage.ZERO));
        assertThat(events.stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(StreamEvent.class.getPermittedSubclasses());
        return events;
    }

    /** Feeds every event of {@link #events} to the writer; none may throw. */
    public static void streamEvery(Protocol.StreamWriter writer, List<Content> blocks) {
        for (StreamEvent event : events(blocks)) {
            assertThatCode(() -> writer.onEvent(event)).as(event.toString()).doesNotThrowAnyException();
        }
    }

    /** Every {@link ToolChoice} type, plus {@code extra} choices. */
    public static List<ToolChoice> toolChoices(ToolChoice... extra) {
        List<ToolChoice> choices = new ArrayList<>(List.of(
                new ToolChoice.Auto(false), new ToolChoice.Any(true), new ToolChoice.None(),
                new ToolChoice.Named("Read", false)));
        choices.addAll(List.of(extra));
        assertThat(choices.stream().map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(ToolChoice.class.getPermittedSubclasses());
        return choices;
    }

    /** Every {@link Thinking} type, the enabled one with {@code budget} tokens. */
    public static List<Thinking> thinkings(int budget) {
        List<Thinking> thinkings = List.of(new Thinking.Enabled(budget), new Thinking.Adaptive(null), new Thinking.Disabled());
        assertThat(thinkings).extracting(Object::getClass)
                .containsExactlyInAnyOrder(Thinking.class.getPermittedSubclasses());
        return thinkings;
    }
}
