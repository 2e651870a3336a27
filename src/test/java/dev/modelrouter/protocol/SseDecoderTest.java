package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseDecoderTest {

    private static List<SseFrame> decodeInPieces(String text, int pieceSize) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += pieceSize) {
            frames.addAll(decoder.feed(bytes, i, Math.min(pieceSize, bytes.length - i)));
        }
        frames.addAll(decoder.finish());
        return frames;
    }

    @Test
    void splitsFramesWhateverTheChunkBoundaries() {
        String text = "event: a\ndata: {\"x\":\"é\"}\n\n: comment\ndata: one\ndata: two\n\ndata: [DONE]\n\n";
        for (int size = 1; size <= text.length(); size++) {
            assertThat(decodeInPieces(text, size))
                    .containsExactly(
                            new SseFrame("a", "{\"x\":\"é\"}"), SseFrame.data("one\ntwo"), SseFrame.data("[DONE]"));
        }
    }

    @Test
    void acceptsCrLfAndCrLineEnds() {
        assertThat(decodeInPieces("data: a\r\n\r\ndata: b\r\rdata:c", 3))
                .containsExactly(SseFrame.data("a"), SseFrame.data("b"), SseFrame.data("c"));
    }

    @Test
    void encodesExactWireText() {
        assertThat(new SseFrame("ping", "{\"type\":\"ping\"}").encode())
                .isEqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n");
        assertThat(SseFrame.data("a\nb").encode()).isEqualTo("data: a\ndata: b\n\n");
    }

    @Test
    void namesEachFrameByItsOwnEventLineAcrossManyRepeatedNames() {
        StringBuilder text = new StringBuilder();
        List<SseFrame> expected = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < 20; n++) {
                String name = "e" + n + (n % 2 == 0 ? "_" : "é");
                text.append("event: ").append(name).append("\ndata: ").append(n).append("\n\n");
                expected.add(new SseFrame(name, String.valueOf(n)));
            }
            text.append("event: e1\ndata: x\n\nevent: e\ndata: y\n\n");
            expected.add(new SseFrame("e1", "x"));
            expected.add(new SseFrame("e", "y"));
        }
        for (int size : new int[] {1, 7, text.length()}) {
            assertThat(decodeInPieces(text.toString(), size)).containsExactlyElementsOf(expected);
        }
    }
}
