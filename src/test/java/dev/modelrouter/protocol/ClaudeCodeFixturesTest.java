package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every request Claude Code was recorded sending goes through the canonical model without loss. */
class ClaudeCodeFixturesTest {

    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final OpenAiProtocol openAi = new OpenAiProtocol();

    static List<String> requests() {
        return ClaudeCodeFixtures.requests();
    }

    @Test
    void coversEveryRecordedCallKind() {
        assertThat(requests()).containsExactly(
                "count-tokens-tool.request.json",
                "count-tokens.request.json",
                "main-turn.request.json",
                "quota-probe.request.json",
                "title.request.json",
                "tool-result-turn.request.json",
                "tui-main-turn.request.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void roundTripsThroughTheCanonicalModelExactly(String name) {
        JsonNode body = ClaudeCodeFixtures.request(name);

        JsonNode written = anthropic.writeRequest(read(name, body));

        assertThat(written).isEqualTo(body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void convertsToAnOpenAiUpstreamRequest(String name) {
        ChatRequest request = read(name, ClaudeCodeFixtures.request(name));

        assertThatCode(() -> openAi.writeRequest(request)).doesNotThrowAnyException();
        assertThat(openAi.writeRequest(request).get("messages")).isNotEmpty();
    }

    private ChatRequest read(String name, JsonNode body) {
        return ClaudeCodeFixtures.isCountTokens(name)
                ? anthropic.readCountTokensRequest(body)
                : anthropic.readRequest(body);
    }
}
