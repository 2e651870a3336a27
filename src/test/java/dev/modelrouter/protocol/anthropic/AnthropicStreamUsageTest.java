package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The usage a relayed Anthropic stream reports, as the router's one stream tap reads it: the
 * message start's counts, then the stop's, each count of a {@code message_delta} overwriting only the
 * count it carries (the counts are cumulative).
 */
class AnthropicStreamUsageTest {

    private static final Usage FIXTURE_STREAM_USAGE = new Usage(472, 89, 10240, 0);

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    @Test
    void readsTheStreamsFinalUsageFromMessageStartAndMessageDelta() throws IOException {
        assertThat(usage(fixture())).isEqualTo(FIXTURE_STREAM_USAGE);
    }

    @Test
    void readsTheStreamSplitAtAnyByte() throws IOException {
        byte[] stream = fixture();
        for (int cut = 0; cut <= stream.length; cut += 7) {
            byte[] first = Arrays.copyOfRange(stream, 0, cut);
            byte[] rest = Arrays.copyOfRange(stream, cut, stream.length);
            assertThat(usage(first, rest)).as("cut at %d", cut).isEqualTo(FIXTURE_STREAM_USAGE);
        }
    }

    @Test
    void aMessageDeltaOverwritesOnlyTheCountsItCarries() {
        assertThat(usage(bytes("""
                        event: message_start
                        data: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":5,"output_tokens":1,"cache_read_input_tokens":7}}}

                        event: message_delta
                        data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":40,"input_tokens":900,"cache_creation_input_tokens":3}}

                        event: message_delta
                        data: {"type":"message_delta","delta":{},"usage":{"output_tokens":41}}

                        event: message_stop
                        data: {"type":"message_stop"}

                        """))).isEqualTo(new Usage(900, 41, 7, 3));
    }

    @Test
    void aStreamCutBeforeItsStopStillCountsItsPrompt() {
        assertThat(
                        usage(
                                bytes(
                                        "event: message_start\n"
                                                + "data: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}\r\n\r\n"
                                                + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n"
                                                + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                                                + "\"{\\\"type\\\":\\\"message_delta\\\",\\\"usage\\\":{\\\"output_tokens\\\":999}}\"}}\r\n\r\n")))
                .isEqualTo(new Usage(3, 1, 0, 0));
    }

    /** The usage of the last start or stop event read from {@code chunks}, as the tap tells the trace. */
    private Usage usage(byte[]... chunks) {
        SseDecoder decoder = new SseDecoder();
        Protocol.StreamReader reader = protocol.newStreamReader(Fixtures.client("m"));
        Usage last = Usage.ZERO;
        for (byte[] chunk : chunks) {
            for (SseFrame frame : decoder.feed(chunk)) {
                for (StreamEvent e : reader.onFrame(frame)) {
                    if (e instanceof StreamEvent.Start s) {
                        last = s.usage();
                    } else if (e instanceof StreamEvent.Stop s) {
                        last = s.usage();
                    }
                }
            }
        }
        return last;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = AnthropicStreamUsageTest.class.getResourceAsStream(
                "/fixtures/anthropic/thinking-text-tool.stream.sse")) {
            assertThat(in).isNotNull();
            return in.readAllBytes();
        }
    }
}
