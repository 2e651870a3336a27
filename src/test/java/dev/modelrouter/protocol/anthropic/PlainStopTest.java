package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainStopTest {

    @Test
    void readsABlockStopInAnthropicsOwnShape() {
        assertThat(AnthropicStreamReader.plainBlockStop("{\"type\":\"content_block_stop\",\"index\":0}"))
                .isZero();
        assertThat(AnthropicStreamReader.plainBlockStop("{\"type\":\"content_block_stop\",\"index\":123456789}"))
                .isEqualTo(123456789);
    }

    @Test
    void leavesEveryOtherBlockStopToTheParser() {
        for (String other : new String[] {
            "{\"type\":\"content_block_stop\",\"index\":}",
            "{\"type\":\"content_block_stop\",\"index\":01}",
            "{\"type\":\"content_block_stop\",\"index\":-1}",
            "{\"type\":\"content_block_stop\",\"index\":1234567890}",
            "{\"type\":\"content_block_stop\",\"index\":1 }",
            "{\"type\":\"content_block_stop\",\"index\":1,\"x\":2}",
            "{\"type\":\"content_block_stop\",\"index\":\"1\"}",
            "{\"type\":\"content_block_stop\", \"index\":1}"
        }) {
            assertThat(AnthropicStreamReader.plainBlockStop(other)).as(other).isEqualTo(-1);
        }
    }
}
