package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainDeltaTest {

    private static final int AFTER_TYPE = "{\"type\":\"content_block_delta\"".length();

    private static PlainDelta scan(String data) {
        return PlainDelta.scan(data, AFTER_TYPE);
    }

    @Test
    void readsAnthropicsOwnShapeInOneScan() {
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":12,\"delta\":{\"type\":\"text_delta\",\"text\":\"token0 é 😀\"}}"))
                .isEqualTo(new PlainDelta(12, "text_delta", "text", "token0 é 😀"));
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}"))
                .isEqualTo(new PlainDelta(0, "input_json_delta", "partial_json", ""));
    }

    @Test
    void leavesEveryOtherFormToTheParser() {
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\nb\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"},\"x\":1}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\",\"x\":\"b\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\", \"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":01,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":-1,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":1234567890,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}} "))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a"))
                .isNull();
        assertThat(
                        scan(
                                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\u0001\"}}"))
                .isNull();
    }
}
