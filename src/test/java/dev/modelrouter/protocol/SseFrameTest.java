package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFrameTest {

    @Test
    void writesTheSameBytesAsItsTextInUtf8() {
        for (SseFrame frame : new SseFrame[] {
            new SseFrame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0}"),
            SseFrame.data("{\"choices\":[]}"),
            SseFrame.data("[DONE]"),
            SseFrame.data(""),
            new SseFrame("ping", ""),
            new SseFrame("message_start", "{\"text\":\"é 😀 \\u00e9 — ü\"}"),
            new SseFrame("évent", "{\"a\":1}"),
            new SseFrame("error", "line one\nline two\n"),
            SseFrame.data("a\nb")
        }) {
            assertThat(frame.bytes())
                    .as(frame.toString())
                    .isEqualTo(frame.encode().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void endsEveryFrameWithABlankLine() {
        assertThat(new String(new SseFrame("ping", "{\"type\":\"ping\"}").bytes(), StandardCharsets.UTF_8))
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(new String(SseFrame.data("x").bytes(), StandardCharsets.UTF_8))
                .isEqualTo("data: x\n\n");
    }
}
