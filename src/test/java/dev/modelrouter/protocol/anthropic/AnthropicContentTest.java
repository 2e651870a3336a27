package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SealedSamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Proves that every canonical content kind has a deliberate Anthropic mapping. */
class AnthropicContentTest {

    private static final Map<Class<?>, List<Content>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put(Content.Text.class, List.of(Content.Text.of("hi"), new Content.Text("c", new CacheControl("5m"))));
        SAMPLES.put(
                Content.Image.class,
                List.of(
                        new Content.Image("image/png", new Content.Source.Base64("AAA="), CacheControl.EPHEMERAL),
                        new Content.Image(null, new Content.Source.Url("https://x/y.png"), null),
                        new Content.Image(null, new Content.Source.File("file_1"), null)));
        SAMPLES.put(
                Content.Document.class,
                List.of(
                        new Content.Document("application/pdf", new Content.Source.Base64("JVBE"), "t", "c", null),
                        new Content.Document(
                                "text/plain", new Content.Source.PlainText("txt"), null, null, CacheControl.EPHEMERAL),
                        new Content.Document(null, new Content.Source.Url("https://x/d.pdf"), null, null, null),
                        new Content.Document(null, new Content.Source.File("file_2"), null, null, null)));
        SAMPLES.put(
                Content.ToolUse.class,
                List.of(new Content.ToolUse(
                        "toolu_1", "Bash", Fixtures.parse("{\"c\":\"ls\"}"), CacheControl.EPHEMERAL)));
        SAMPLES.put(
                Content.ToolResult.class,
                List.of(
                        new Content.ToolResult("toolu_1", List.of(Content.Text.of("ok")), false, null),
                        new Content.ToolResult("toolu_1", List.of(), true, CacheControl.EPHEMERAL),
                        new Content.ToolResult(
                                "toolu_1",
                                List.of(
                                        Content.Text.of("a"),
                                        new Content.Image("image/gif", new Content.Source.Base64("R0lG"), null)),
                                false,
                                null),
                        new Content.ToolResult(
                                "toolu_2", List.of(new Content.ToolReference("WebFetch")), false, null)));
        SAMPLES.put(Content.ToolReference.class, List.of(new Content.ToolReference("CronCreate")));
        SAMPLES.put(Content.Thinking.class, List.of(new Content.Thinking("t", "s"), new Content.Thinking("t", null)));
        SAMPLES.put(Content.RedactedThinking.class, List.of(new Content.RedactedThinking("d")));
        SAMPLES.put(
                Content.ServerToolUse.class,
                List.of(new Content.ServerToolUse("srvtoolu_1", "web_fetch", Fixtures.parse("{\"url\":\"u\"}"))));
        SAMPLES.put(
                Content.ServerToolResult.class,
                List.of(new Content.ServerToolResult(
                        "code_execution_tool_result",
                        "srvtoolu_1",
                        Fixtures.parse("{\"type\":\"code_execution_result\"}"))));
    }

    @Test
    void mapsEveryContentKindBothWays() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
        for (List<Content> samples : SAMPLES.values()) {
            for (Content sample : samples) {
                Content read = AnthropicContent.read(AnthropicContent.write(sample), "block");
                assertThat(read).as(sample.toString()).isEqualTo(sample);
                assertThat(AnthropicContent.isKnownType(
                                AnthropicContent.write(sample).get("type").stringValue()))
                        .isTrue();
            }
        }
    }

    @Test
    void streamsEveryContentKind() {
        List<Content> all = new ArrayList<>();
        SAMPLES.values().forEach(all::addAll);
        ChatResponse response = new ChatResponse("msg_1", "m", all, StopReason.END_TURN, null, new Usage(1, 2, 0, 0));
        AnthropicProtocol protocol = new AnthropicProtocol();
        var writer = protocol.newStreamWriter(Fixtures.client("m"));
        StringBuilder sse = new StringBuilder();
        StreamEvents.of(response).toIterable().forEach(e -> writer.onEvent(e).forEach(f -> sse.append(f.encode())));
        var reader = protocol.newStreamReader(Fixtures.client("m"));
        List<StreamEvent> events = new ArrayList<>();
        Fixtures.frames(sse.toString()).forEach(f -> events.addAll(reader.onFrame(f)));
        events.addAll(reader.onEnd());

        ChatResponse back = StreamEvents.aggregate(Flux.fromIterable(events)).block();

        assertThat(back.content())
                .isEqualTo(all.stream().map(AnthropicContentTest::withoutCache).toList());
    }

    /** Anthropic streams no cache breakpoints on answer blocks. */
    private static Content withoutCache(Content content) {
        if (content instanceof Content.Text text) {
            return Content.Text.of(text.text());
        }
        if (content instanceof Content.ToolUse use) {
            return new Content.ToolUse(use.id(), use.name(), use.input(), null);
        }
        return content;
    }

    /** Every event and delta kind, usage field and the stop sequence survive Anthropic's stream. */
    @Test
    void writesEveryStreamEventKind() {
        List<Content> all = new ArrayList<>();
        SAMPLES.values().forEach(all::addAll);
        ChatResponse response =
                new ChatResponse("msg_1", "m", all, StopReason.STOP_SEQUENCE, "END", SealedSamples.USAGE);
        List<StreamEvent> events = SealedSamples.eventsOf(response);
        SealedSamples.assertEveryEventType(events);
        AnthropicProtocol protocol = new AnthropicProtocol();

        String sse = SealedSamples.sse(protocol, Fixtures.client("m"), events);
        ChatResponse back = SealedSamples.readStream(protocol, Fixtures.client("m"), sse);

        assertThat(sse).contains("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(back)
                .isEqualTo(new ChatResponse(
                        "msg_1",
                        "m",
                        all.stream().map(AnthropicContentTest::withoutCache).toList(),
                        StopReason.STOP_SEQUENCE,
                        "END",
                        SealedSamples.USAGE));
    }
}
