package dev.modelrouter.protocol.anthropic;

import static dev.modelrouter.protocol.anthropic.Rewritten.joined;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicScanTest {

    @Test
    void theRewrittenPiecesAreTheRewrittenBodyInSlicesOfTheClientsBytes() {
        String json = "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>p,q</CCR-SUBAGENT-MODEL>\\nDo it\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9 \u00e9\"}]}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        AnthropicScan scan = AnthropicRequestScanner.scan(body);

        List<ByteBuffer> pieces = scan.rewritten("glm-\"4\"");

        assertThat(joined(pieces))
                .isEqualTo(json.replace("\"m\"", "\"glm-\\\"4\\\"\"")
                        .replace("<CCR-SUBAGENT-MODEL>p,q</CCR-SUBAGENT-MODEL>\\n", ""));
        // the long stretches are the client's own array, not copies
        assertThat(pieces).filteredOn(p -> p.array() == body).hasSize(3);
    }

    @Test
    void aModelAtEitherEndOfTheBodyLeavesNoEmptyPiece() {
        String json = "{\"messages\":[],\"model\":\"m\"}";
        List<ByteBuffer> pieces = AnthropicRequestScanner.scan(json.getBytes(StandardCharsets.UTF_8))
                .rewritten("x");
        assertThat(joined(pieces)).isEqualTo("{\"messages\":[],\"model\":\"x\"}");
        assertThat(pieces).allMatch(ByteBuffer::hasRemaining);
    }

    @Test
    void readingThePiecesTwiceGivesTheSameBytes() {
        String json = "{\"model\":\"m\",\"messages\":[]}";
        AnthropicScan scan = AnthropicRequestScanner.scan(json.getBytes(StandardCharsets.UTF_8));
        assertThat(joined(scan.rewritten("x"))).isEqualTo(joined(scan.rewritten("x")));
    }
}
