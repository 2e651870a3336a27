package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The token-stream reads of {@code message_start}, {@code content_block_start} and {@code
 * message_delta} against the tree path on the same input: the same canonical events (and the same
 * final stop, which shows the usage and stop reason they left), or the same failure. Each case also
 * says which path read it.
 */
class PlainEventsTest {

    private static final String START =
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":386,\"cache_creation_input_tokens\":7,"
                    + "\"cache_read_input_tokens\":13824,\"output_tokens\":1}}}";
    private static final String TEXT_START =
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    private static final String DELTA = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}";
    private static final String STOP = "{\"type\":\"message_stop\"}";

    @Test
    void readsAnthropicsOwnShapesWithoutATree() {
        assertThat(PlainEvents.messageStart(START))
                .isEqualTo(new PlainEvents.Start("msg_01", "claude-sonnet-4-5", new Usage(386, 1, 13824, 7)));
        assertThat(PlainEvents.blockStart(TEXT_START)).isEqualTo(new PlainEvents.BlockStart(0, Content.Text.of("")));
        assertThat(PlainEvents.messageDelta(DELTA, new Usage(386, 1, 13824, 7)))
                .isEqualTo(new PlainEvents.MessageDelta(
                        dev.modelrouter.model.StopReason.TOOL_USE, null, new Usage(386, 89, 13824, 7)));
        for (String block : new String[] {
            "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}",
            "{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"EqQB\"}",
            "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"Bash\",\"input\":{}}",
            "{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_01\",\"name\":\"web_search\",\"input\":{}}"
        }) {
            String start = "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":" + block + "}";
            assertScanned(start);
            assertSameAsTree(START, start, STOP);
        }
        assertScanned(START);
        assertScanned(TEXT_START);
        assertScanned(DELTA);
        assertSameAsTree(START, TEXT_START, "{\"type\":\"content_block_stop\",\"index\":0}", DELTA, STOP);
    }

    @Test
    void readsOddButValidShapesTheSameAsTheTree() {
        List<String> odd = List.of(
                // the fields Anthropic adds, which the reader does not keep
                "{\"type\":\"message_start\",\"message\":{\"model\":\"m\",\"id\":\"msg_02\",\"type\":\"message\","
                        + "\"usage\":{\"input_tokens\":3,\"cache_creation\":{\"ephemeral_5m_input_tokens\":9},"
                        + "\"output_tokens\":1,\"service_tier\":\"standard\",\"server_tool_use\":null},"
                        + "\"container\":null,\"content\":[{\"x\":[1,2,{\"y\":null}]}]},\"extra\":[true]}",
                // whitespace, unicode escapes, no usage, null id
                "{\"type\":\"message_start\" , \"message\" : { \"id\" : null , \"model\" : \"cl\\u00e9ude \\ud83d\\ude00\" } }",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"a\",\"usage\":null}}",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":null,\"output_tokens\":-2}}}",
                // content_block before index, extras, escapes, a null signature and input
                "{\"type\":\"content_block_start\",\"content_block\":{\"text\":\"a\\\"b\\n\\u00e9\",\"type\":\"text\","
                        + "\"citations\":[]},\"index\":4,\"extra\":{}}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"t\","
                        + "\"signature\":null}}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"t\"}}",
                "{\"type\":\"content_block_start\", \"index\": 2, \"content_block\": {\"name\": \"Read\", \"input\": null,"
                        + " \"id\": \"toolu_\\u0041\", \"type\": \"tool_use\"}}",
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
                        + "\"name\":\"n\"}}",
                // usage before delta, a stop sequence, more counts, no delta, a null delta
                "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5,\"input_tokens\":7,"
                        + "\"cache_read_input_tokens\":8,\"server_tool_use\":{\"web_search_requests\":1}},"
                        + "\"delta\":{\"stop_sequence\":\"\\u00e9nd\",\"stop_reason\":\"stop_sequence\",\"x\":1}}",
                "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":5}}",
                "{\"type\":\"message_delta\",\"delta\":null,\"usage\":null}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"something_new\"}}",
                "{\"type\":\"message_delta\",\"delta\":{}, \"usage\":{} }");
        for (String data : odd) {
            assertScanned(data);
            assertSameAsTree(START, data, STOP);
            assertSameAsTree(data, DELTA, STOP);
        }
    }

    @Test
    void leavesUnusualShapesToTheTree() {
        List<String> unusual = List.of(
                // repeated fields, which the tree keeps one of
                "{\"type\":\"message_start\",\"message\":{\"id\":\"a\",\"id\":\"b\"}}",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"a\"},\"message\":{\"id\":\"b\"}}",
                "{\"type\":\"message_start\",\"type\":\"ping\",\"message\":{\"id\":\"a\"}}",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1,\"input_tokens\":2}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\",\"text\":\"x\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"delta\":{}}",
                // numbers the tree saturates or ignores
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":1.5}}}",
                "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":99999999999}}}",
                "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":\"5\"}}",
                "{\"type\":\"message_delta\",\"usage\":7}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":7}}",
                "{\"type\":\"message_delta\",\"delta\":\"end_turn\"}",
                // blocks the token read does not build
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\","
                        + "\"cache_control\":{\"type\":\"ephemeral\"}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\","
                        + "\"name\":\"n\",\"input\":{\"a\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"redacted_thinking\","
                        + "\"data\":\"x\"}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"web_search_tool_result\","
                        + "\"tool_use_id\":\"t\",\"content\":[]}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"brand_new\"}}",
                "{\"type\":\"content_block_start\",\"index\":-1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                // faults the tree path reports
                "{\"type\":\"message_start\"}",
                "{\"type\":\"message_start\",\"message\":{\"id\":5}}",
                "{\"type\":\"message_start\",\"message\":[]}",
                "{\"type\":\"content_block_start\",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\"}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"name\":\"n\"}}",
                "{\"type\":\"content_block_start\",\"index\":\"0\",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"a\"}} x",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"a\"}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}");
        for (String data : unusual) {
            assertThat(scan(data)).as(data).isNull();
            assertSameAsTree(START, data, STOP);
        }
    }

    private static Object scan(String data) {
        if (data.startsWith(PlainEvents.MESSAGE_START)) {
            return PlainEvents.messageStart(data);
        }
        if (data.startsWith(PlainEvents.BLOCK_START)) {
            return PlainEvents.blockStart(data);
        }
        return PlainEvents.messageDelta(data, Usage.ZERO);
    }

    private static void assertScanned(String data) {
        assertThat(scan(data)).as(data).isNotNull();
    }

    /** The reader with its scans and the tree-only reader give the same events, or fail the same way. */
    private static void assertSameAsTree(String... data) {
        assertThat(read(true, data)).as(String.join("\n", data)).isEqualTo(read(false, data));
    }

    private static List<Object> read(boolean scans, String... data) {
        AnthropicStreamReader reader = new AnthropicStreamReader(scans);
        List<Object> out = new ArrayList<>();
        for (String d : data) {
            try {
                List<StreamEvent> events = reader.onFrame(new SseFrame(null, d));
                out.addAll(events);
            } catch (RuntimeException e) {
                out.add(e.getClass().getName() + ": " + Objects.toString(e.getMessage()));
            }
        }
        return out;
    }
}
