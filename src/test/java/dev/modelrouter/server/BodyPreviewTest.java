package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class BodyPreviewTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KNOWN = "known-config-secret-0042";
    static final Redactor REDACTOR = Redactor.of(List.of(KNOWN));

    static BodyPreview preview(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPreview.of(bytes, bytes.length, REDACTOR, JSON);
    }

    /** A body, and the secret in it that must not show. */
    static Stream<Arguments> secrets() {
        return Stream.of(
                Arguments.of("{\"messages\":[{\"content\":\"the key " + KNOWN + "\"}]}", KNOWN),
                Arguments.of("{\"x-api-key\":\"header-value-1234567\"}", "header-value-1234567"),
                Arguments.of("{\"headers\":{\"Authorization\":\"Bearer abcdefabcdef\"}}", "abcdefabcdef"),
                Arguments.of("{\"private_key\":\"pem-body-9999\"}", "pem-body-9999"),
                Arguments.of("{\"input\":\"{\\\"api_key\\\": \\\"escaped-secret-77\\\"}\"}", "escaped-secret-77"),
                Arguments.of("{\"text\":\"sk-ant-api03-abcdefghijklmnopqrstuv\"}", "abcdefghijklmnopqrstuv"),
                Arguments.of(
                        "{\"text\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIBOgIBAAJBAK\\n-----END RSA PRIVATE KEY-----\"}",
                        "MIIBOgIBAAJBAK"),
                Arguments.of("event: x\ndata: {\"token\":\"sse-token-value-1\"}\n\n", "sse-token-value-1"),
                Arguments.of("plain text with " + KNOWN + " and https://user:pw-secret-5@host/x", "pw-secret-5"),
                Arguments.of("{\"truncated\": \"x-goog-api-key\\\": \\\"goog-partial-42", "goog-partial-42"));
    }

    @ParameterizedTest
    @MethodSource("secrets")
    void masksEverySecretWhereverTheBodyHoldsIt(String body, String secret) {
        assertThat(preview(body).text()).doesNotContain(secret).contains(Redactor.MASK);
    }

    @Test
    void aSmallJsonBodyIsShownWholeAndIndented() {
        BodyPreview p = preview("{\"model\":\"m\",\"max_tokens\":5}");

        assertThat(p.text()).isEqualTo("{\n  \"model\" : \"m\",\n  \"max_tokens\" : 5\n}");
        assertThat(p.cut()).isFalse();
        assertThat(p.bytes()).isEqualTo(28);
    }

    @Test
    void aLongStringIsShortenedAndALongBodyKeepsItsStartAndEnd() {
        StringBuilder body = new StringBuilder("{\"system\":\"" + "s".repeat(50_000) + "\",\"messages\":[");
        for (int i = 0; i < 2_000; i++) {
            body.append("{\"role\":\"user\",\"content\":\"message ").append(i).append("\"},");
        }
        body.append("{\"role\":\"user\",\"content\":\"the last question\"}]}");

        BodyPreview p = preview(body.toString());

        assertThat(p.cut()).isTrue();
        assertThat(p.text().length()).isLessThan(BodyPreview.MAX_CHARS + 100);
        assertThat(p.text())
                .startsWith("{\n  \"system\" : \"sss")
                .contains("… (48000 more characters)", "characters left out", "the last question");
    }

    @Test
    void anAnswerKeptOnlyInPartDropsItsRaggedEndWhereAKeyMayBeCutInHalf() {
        String kept = "data: {\"text\":\"hello\"}\n\n" + "a".repeat(1_000) + " " + KNOWN.substring(0, 10);
        byte[] bytes = kept.getBytes(StandardCharsets.UTF_8);

        BodyPreview p = BodyPreview.of(bytes, 100_000, REDACTOR, JSON);

        assertThat(p.cut()).isTrue();
        assertThat(p.bytes()).isEqualTo(100_000);
        assertThat(p.text()).contains("hello", "the rest was not kept").doesNotContain(KNOWN.substring(0, 10));
    }
}
