package dev.modelrouter.testing;

import java.util.List;

/**
 * Anthropic Messages stream events as a scripted provider sends them, for {@link ScriptedUpstream.Reply#sse}:
 * a stream of one text block is {@link #START}, {@link #TEXT_START}, some {@link #textDelta}s and {@link #TAIL}.
 */
public final class AnthropicSse {

    private AnthropicSse() {}

    /** One SSE event, blank line included. */
    public static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    /** {@code message_start} of message {@code msg_1} from model {@code m}. */
    public static final String START = event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}");

    /** {@code content_block_start} of the text block at index 0. */
    public static final String TEXT_START = event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");

    /** A {@code text_delta} of block 0; {@code text} goes in as it is, so JSON-escape it first. */
    public static String textDelta(String text) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text
                        + "\"}}");
    }

    /** {@code content_block_start} of a {@code Bash} tool call at index 0. */
    public static final String TOOL_START = event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}}");

    /** An {@code input_json_delta} of block 0 carrying {@code json}, a piece of the tool's input. */
    public static String toolDelta(String json) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"" + json.replace("\"", "\\\"") + "\"}}");
    }

    /** Block 0's stop, an {@code end_turn} message delta and {@code message_stop}. */
    public static final List<String> TAIL = List.of(
            event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
            event(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                            + "\"usage\":{\"output_tokens\":3}}"),
            event("message_stop", "{\"type\":\"message_stop\"}"));
}
