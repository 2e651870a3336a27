package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvent.BlockDelta;
import dev.modelrouter.model.StreamEvent.BlockStart;
import dev.modelrouter.model.StreamEvent.BlockStop;
import dev.modelrouter.model.StreamEvent.Delta;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

class AnthropicStreamTest {

    private static final String FIXTURE = "thinking-text-tool.stream.sse";
    private static final String MODEL = "claude-opus-5-5";

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    private static List<StreamEvent> expectedEvents() {
        return List.of(
                new StreamEvent.Start("msg_01Hz7Kq", MODEL, new Usage(472, 1, 10240, 0)),
                new BlockStart(0, new Content.Thinking("", null)),
                new BlockDelta(0, new Delta.Thinking("The user wants the files.")),
                new StreamEvent.Ping(),
                new BlockDelta(0, new Delta.Thinking(" I will run ls.")),
                new BlockDelta(0, new Delta.Signature("EqQBCkYIBxgCKkD+sig/A==")),
                new BlockStop(0),
                new BlockStart(1, Content.Text.of("")),
                new BlockDelta(1, new Delta.Text("Hi")),
                new BlockDelta(1, new Delta.Text(", listing — \"now\".\n")),
                new BlockStop(1),
                new BlockStart(
                        2, new Content.ToolUse("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "Bash", Fixtures.parse("{}"), null)),
                new BlockDelta(2, new Delta.ToolInput("")),
                new BlockDelta(2, new Delta.ToolInput("{\"command\":")),
                new BlockDelta(2, new Delta.ToolInput(" \"ls -la\"}")),
                new BlockStop(2),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, new Usage(472, 89, 10240, 0)));
    }

    private List<StreamEvent> read(String sse) {
        Protocol.StreamReader reader = protocol.newStreamReader(Fixtures.client(MODEL));
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame frame : Fixtures.frames(sse)) {
            events.addAll(reader.onFrame(frame));
        }
        events.addAll(reader.onEnd());
        return events;
    }

    private String write(List<StreamEvent> events) {
        Protocol.StreamWriter writer = protocol.newStreamWriter(Fixtures.client(MODEL));
        StringBuilder sse = new StringBuilder();
        for (StreamEvent event : events) {
            writer.onEvent(event).forEach(frame -> sse.append(frame.encode()));
        }
        writer.onComplete().forEach(frame -> sse.append(frame.encode()));
        return sse.toString();
    }

    @Test
    void readsThinkingTextAndToolUseStream() {
        assertThat(read(Fixtures.text(FIXTURE))).containsExactlyElementsOf(expectedEvents());
    }

    @Test
    void writesExactAnthropicStream() {
        assertThat(write(expectedEvents())).isEqualTo(Fixtures.text(FIXTURE));
    }

    @Test
    void namesTheModelOfTheStreamsStartOnlyWhenAskedTo() {
        StreamEvent start = new StreamEvent.Start("msg_1", "gpt-served-1", Usage.ZERO);

        assertThat(protocol.newStreamWriter(Fixtures.client(MODEL))
                        .onEvent(start)
                        .get(0)
                        .data())
                .contains("\"model\":\"" + MODEL + "\"");
        assertThat(protocol.namingServedModel()
                        .newStreamWriter(Fixtures.client(MODEL))
                        .onEvent(start)
                        .get(0)
                        .data())
                .contains("\"model\":\"gpt-served-1\"");
    }

    @Test
    void reproducesUpstreamStreamByteForByte() {
        String sse = Fixtures.text(FIXTURE);

        assertThat(write(read(sse))).isEqualTo(sse);
    }

    @Test
    void aggregatesStreamIntoResponse() {
        ChatResponse response = StreamEvents.aggregate(Flux.fromIterable(read(Fixtures.text(FIXTURE))))
                .block();

        assertThat(response)
                .isEqualTo(new ChatResponse(
                        "msg_01Hz7Kq",
                        MODEL,
                        List.of(
                                new Content.Thinking(
                                        "The user wants the files. I will run ls.", "EqQBCkYIBxgCKkD+sig/A=="),
                                Content.Text.of("Hi, listing — \"now\".\n"),
                                new Content.ToolUse(
                                        "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                                        "Bash",
                                        Fixtures.parse("{\"command\":\"ls -la\"}"),
                                        null)),
                        StopReason.TOOL_USE,
                        null,
                        new Usage(472, 89, 10240, 0)));
    }

    @Test
    void writesClientModelInMessageStart() {
        Protocol.StreamWriter writer = protocol.newStreamWriter(Fixtures.client("claude-sonnet-5-5"));

        List<SseFrame> frames = writer.onEvent(new StreamEvent.Start("msg_1", "deepseek-chat", Usage.ZERO));

        assertThat(frames)
                .containsExactly(
                        new SseFrame(
                                "message_start",
                                "{\"type\":\"message_start\",\"message\":"
                                        + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-5-5\","
                                        + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,"
                                        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}}"));
    }

    @Test
    void sendsChangedInputCountsInMessageDelta() {
        String sse = write(List.of(
                new StreamEvent.Start("msg_1", "m", new Usage(100, 0, 0, 0)),
                new StreamEvent.Stop(StopReason.STOP_SEQUENCE, "END", new Usage(950, 7, 50, 0))));

        assertThat(sse)
                .endsWith("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + "\"stop_sequence\",\"stop_sequence\":\"END\"},\"usage\":{\"input_tokens\":950,"
                        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":50,\"output_tokens\":7}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void writesCompleteStartsAsEmptyBlockAndDeltas() {
        String sse = write(List.of(
                new BlockStart(0, new Content.Thinking("why", "sig")),
                new BlockStop(0),
                new BlockStart(1, new Content.ToolUse("toolu_1", "Read", Fixtures.parse("{\"a\":1}"), null)),
                new BlockStop(1),
                new BlockStart(2, new Content.RedactedThinking("opaque")),
                new BlockStop(2)));

        assertThat(sse)
                .isEqualTo(""
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"thinking_delta\",\"thinking\":\"why\"}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"signature_delta\",\"signature\":\"sig\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Read\",\"input\":{}}}\n\n"
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1}\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                        + "{\"type\":\"redacted_thinking\",\"data\":\"opaque\"}}\n\n"
                        + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n");
    }

    @Test
    void endsFailedStreamWithOneErrorEvent() {
        Protocol.StreamWriter writer = protocol.newStreamWriter(Fixtures.client(MODEL));

        List<SseFrame> frames = writer.onError(new RouterException(ErrorKind.OVERLOADED, "Overloaded"));

        assertThat(frames)
                .extracting(SseFrame::encode)
                .containsExactly("event: error\ndata: {\"type\":\"error\","
                        + "\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
    }

    @Test
    void throwsMappedErrorForErrorEvent() {
        String sse =
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\"}}\n\n"
                        + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";

        assertThatThrownBy(() -> read(sse))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
                    assertThat(e.status()).isEqualTo(529);
                })
                .hasMessageContaining("Overloaded");
    }

    @Test
    void rejectsStreamCutBeforeMessageStop() {
        String sse = Fixtures.text(FIXTURE);
        String cut = sse.substring(0, sse.indexOf("event: message_delta"));

        assertThatThrownBy(() -> read(cut))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY))
                .hasMessageStartingWith("upstream stream ended before message_stop");
    }

    @Test
    void overwritesUsageFromMessageDeltaAndIgnoresUnknownDeltasAndBlocks() {
        String sse = ""
                + "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"x\","
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"mcp_tool_use\",\"id\":\"a\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                + "\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"type\":\"web_search_result_location\"}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\","
                + "\"stop_sequence\":null},\"usage\":{\"input_tokens\":900,\"cache_read_input_tokens\":20,"
                + "\"output_tokens\":12}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

        assertThat(read(sse))
                .containsExactly(
                        new StreamEvent.Start("m1", "x", new Usage(3, 1, 0, 0)),
                        new BlockStart(0, Content.Text.of("")),
                        new BlockDelta(0, new Delta.Text("ok")),
                        new BlockStop(0),
                        new StreamEvent.Stop(StopReason.MAX_TOKENS, null, new Usage(900, 12, 20, 0)));
    }

    @Test
    void readsServerToolBlocksOfAStream() {
        String sse = ""
                + "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"x\"}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":\"web_search\",\"input\":{}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"query\\\":\\\"x\\\"}\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                + "\"content_block\":{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"srvtoolu_1\",\"content\":[]}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"pause_turn\"},"
                + "\"usage\":{\"output_tokens\":5}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

        ChatResponse response =
                StreamEvents.aggregate(Flux.fromIterable(read(sse))).block();

        assertThat(response.stopReason()).isEqualTo(StopReason.PAUSE_TURN);
        assertThat(response.content())
                .containsExactly(
                        new Content.ServerToolUse("srvtoolu_1", "web_search", Fixtures.parse("{\"query\":\"x\"}")),
                        new Content.ServerToolResult("web_search_tool_result", "srvtoolu_1", Fixtures.parse("[]")));
        assertThat(write(read(sse)))
                .isEqualTo(
                        sse.replace(
                                        "{\"stop_reason\":\"pause_turn\"}",
                                        "{\"stop_reason\":\"pause_turn\",\"stop_sequence\":null}")
                                .replace(
                                        "\"message\":{\"id\":\"m1\",\"model\":\"x\"}",
                                        "\"message\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-5-5\","
                                                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":0,"
                                                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}"));
    }

    @Test
    void toleratesGatewayQuirksOfEventNamesAndDoneMarker() {
        String sse = "event: message_start\ndata: {\"message\":{\"id\":\"m\",\"model\":\"x\"}}\n\n"
                + "event: message_stop\ndata: {}\n\n"
                + "data: [DONE]\n\n";

        assertThat(read(sse))
                .containsExactly(
                        new StreamEvent.Start("m", "x", Usage.ZERO),
                        new StreamEvent.Stop(StopReason.END_TURN, null, Usage.ZERO));
    }

    @Test
    void writesPing() {
        assertThat(write(List.of(new StreamEvent.Ping()))).isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    }

    @Test
    void deltasOfAnyShapeReadAlikeAndAMalformedOneIsStillAFault() {
        String start =
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\","
                        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
        String stop = "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        String deltas = String.join(
                "",
                // Anthropic's own shape, read without a tree
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\n\\u00e9\"}}\n\n",
                // other field orders, spacing and extra fields go the tree way, with the same result
                "event: content_block_delta\ndata: {\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"text\":\"b\",\"type\":\"text_delta\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"c\"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"d\",\"x\":1}}\n\n",
                // a delta of a block that was never started is dropped either way
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":7,\"delta\":{\"type\":\"text_delta\",\"text\":\"e\"}}\n\n");

        assertThat(read(start + deltas + stop))
                .filteredOn(e -> e instanceof BlockDelta)
                .containsExactly(
                        new BlockDelta(0, new Delta.Text("a\n\u00e9")), new BlockDelta(0, new Delta.Text("b")),
                        new BlockDelta(0, new Delta.Text("c")), new BlockDelta(0, new Delta.Text("d")));
        assertThatThrownBy(() -> read(start
                        + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\n\n"
                        + stop))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("not JSON");
    }

    @Test
    void writesDeltasAsJacksonWouldWhateverTheirCharacters() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        List<String> texts = List.of(
                "",
                "plain",
                controls.toString(),
                "quote \" backslash \\ slash / del \u007f",
                "caf\u00e9 \u2028 \u2029 \ud83d\ude00 lone \ud800 high",
                "{\"command\": \"ls -la\"}\n\t");
        Protocol.StreamWriter writer = protocol.newStreamWriter(Fixtures.client(MODEL));
        for (String text : texts) {
            for (Delta delta : List.of(
                    new Delta.Text(text),
                    new Delta.Thinking(text),
                    new Delta.Signature(text),
                    new Delta.ToolInput(text))) {
                String field = delta instanceof Delta.Text
                        ? "text"
                        : delta instanceof Delta.Thinking
                                ? "thinking"
                                : delta instanceof Delta.Signature ? "signature" : "partial_json";
                String type = field.equals("partial_json") ? "input_json_delta" : field + "_delta";
                ObjectNode body =
                        Json.object().put("type", "content_block_delta").put("index", 3);
                body.putObject("delta").put("type", type).put(field, text);

                assertThat(writer.onEvent(new BlockDelta(3, delta)))
                        .containsExactly(new SseFrame("content_block_delta", Json.MAPPER.writeValueAsString(body)));
            }
        }
    }
}
