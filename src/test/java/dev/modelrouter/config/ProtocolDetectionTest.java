package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.WireProtocol;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolDetectionTest {

    static Stream<Arguments> providers() {
        return Stream.of(
                // url, extra provider members, protocol, auth
                Arguments.of("https://api.deepseek.com/chat/completions", "", WireProtocol.OPENAI, AuthStyle.BEARER),
                Arguments.of("https://api.anthropic.com/v1/messages", "", WireProtocol.ANTHROPIC, AuthStyle.X_API_KEY),
                Arguments.of("https://api.anthropic.com/v1/messages/", "", WireProtocol.ANTHROPIC, AuthStyle.X_API_KEY),
                Arguments.of(
                        "https://open.bigmodel.cn/api/anthropic",
                        "\"transformer\": {\"use\": [\"Anthropic\"]},",
                        WireProtocol.ANTHROPIC,
                        AuthStyle.X_API_KEY),
                Arguments.of(
                        "https://api.example.com/v1/chat/completions",
                        "\"transformer\": {\"use\": [[\"anthropic\", {\"UseBearer\": true}], \"maxtoken\"]},",
                        WireProtocol.ANTHROPIC,
                        AuthStyle.X_API_KEY),
                Arguments.of(
                        "https://generativelanguage.googleapis.com/v1beta/models/",
                        "",
                        WireProtocol.GEMINI,
                        AuthStyle.GOOG_API_KEY),
                Arguments.of(
                        "https://proxy.example/gemini",
                        "\"transformer\": {\"use\": [\"gemini\"]},",
                        WireProtocol.GEMINI,
                        AuthStyle.GOOG_API_KEY),
                Arguments.of(
                        "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
                        "",
                        WireProtocol.OPENAI,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://api.openai.com/v1/responses", "", WireProtocol.OPENAI_RESPONSES, AuthStyle.BEARER),
                Arguments.of(
                        "https://api.example.com/v1/x",
                        "\"transformer\": {\"use\": [\"openai-responses\"]},",
                        WireProtocol.OPENAI_RESPONSES,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://openrouter.ai/api/v1/chat/completions",
                        "\"transformer\": {\"use\": [\"openrouter\", \"anthropic\"]},",
                        WireProtocol.OPENAI,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://api.anthropic.com/v1/messages",
                        "\"protocol\": \"openai\",",
                        WireProtocol.OPENAI,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://api.example.com/anything",
                        "\"protocol\": \"Gemini\",",
                        WireProtocol.GEMINI,
                        AuthStyle.GOOG_API_KEY),
                Arguments.of(
                        "https://api.example.com/v1/chat/completions",
                        "\"protocol\": \"openai-responses\",",
                        WireProtocol.OPENAI_RESPONSES,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://api.minimax.io/anthropic/v1/messages",
                        "\"auth\": \"bearer\",",
                        WireProtocol.ANTHROPIC,
                        AuthStyle.BEARER),
                Arguments.of(
                        "https://api.example.com/v1/chat/completions",
                        "\"auth\": \"x-api-key\",",
                        WireProtocol.OPENAI,
                        AuthStyle.X_API_KEY));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("providers")
    void detectsProtocolAndAuth(String url, String extra, WireProtocol protocol, AuthStyle auth) throws Exception {
        String json = "{\"Providers\": [{\"name\": \"p\", \"api_base_url\": \"" + url + "\", " + extra
                + " \"api_key\": \"k\", \"models\": [\"m\"]}], \"Router\": {\"default\": \"p,m\"}}";

        ProviderConfig provider = ConfigLoader.parse(json, Path.of("config.json"), Map.of())
                .providers()
                .get(0);

        assertThat(provider.protocol()).isEqualTo(protocol);
        assertThat(provider.auth()).isEqualTo(auth);
    }
}
