package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** count_tokens from the routed provider's own endpoint, cached per shape, local when it cannot answer. */
class ProviderTokenCountsTest {

    private final ScriptedUpstream provider = new ScriptedUpstream();
    private final UpstreamClient client = new UpstreamClient(Duration.ofSeconds(5));
    private final TokenCounter local = new TokenCounter();

    @AfterEach
    void close() {
        provider.close();
        client.close();
    }

    private RouterConfig config(String route) throws Exception {
        return ConfigLoader.parse("""
                {"Providers": [
                  {"name": "claude", "api_base_url": "%1$s", "api_key": "k", "models": ["claude-up"],
                   "transformer": {"use": ["anthropic"]}},
                  {"name": "gem", "api_base_url": "%1$s/v1beta/models/", "api_key": "k", "models": ["gemini-3-pro"],
                   "transformer": {"use": ["gemini"]}},
                  {"name": "ds", "api_base_url": "%1$s/chat/completions", "api_key": "k", "models": ["deepseek-chat"]}],
                 "Router": {"default": "%2$s"}}
                """.formatted(provider.url(), route), Path.of("config.json"), Map.of());
    }

    private ProviderTokenCounts counts(Duration deadline) {
        return new ProviderTokenCounts(
                client,
                new ProviderEndpoint(),
                new Protocols(
                        new AnthropicProtocol(), new OpenAiProtocol(), new ResponsesProtocol(), new GeminiProtocol()),
                local,
                deadline,
                2);
    }

    private static ChatRequest request(String model, String text) {
        return ChatRequest.builder()
                .model(model)
                .messages(List.of(Message.of(Role.USER, text)))
                .build();
    }

    @Test
    void asksAnAnthropicProviderOnceForEachShape() throws Exception {
        provider.otherwise(r -> Reply.json(200, "{\"input_tokens\":4242}"));
        ProviderTokenCounts counts = counts(Duration.ofSeconds(30));
        RouterConfig config = config("claude,claude-up");

        assertThat(counts.count(request("claude-opus-5-5", "hello"), config, null, "token-counting-2024-11-01")
                        .block())
                .isEqualTo(4242);
        assertThat(counts.count(request("claude-opus-5-5", "hello"), config, null, null)
                        .block())
                .isEqualTo(4242);

        assertThat(provider.received()).hasSize(1);
        assertThat(provider.last().uri()).isEqualTo("/v1/messages/count_tokens");
        assertThat(provider.last().bodyText())
                .contains("\"model\":\"claude-up\"")
                .doesNotContain("max_tokens");
        assertThat(provider.last().headers())
                .containsEntry("x-api-key", "k")
                .containsEntry("anthropic-beta", "token-counting-2024-11-01");
    }

    @Test
    void asksGeminiCountTokensWithTheWholeRequest() throws Exception {
        provider.otherwise(r -> Reply.json(200, "{\"totalTokens\":77}"));

        int count = counts(Duration.ofSeconds(30))
                .count(request("gem,gemini-3-pro", "hello"), config("claude,claude-up"), null, null)
                .block();

        assertThat(count).isEqualTo(77);
        assertThat(provider.last().uri()).isEqualTo("/v1beta/models/gemini-3-pro:countTokens");
        assertThat(provider.last().bodyText())
                .startsWith("{\"generateContentRequest\":{")
                .contains("\"models/gemini-3-pro\"");
    }

    @Test
    void countsLocallyWhenTheProviderFailsAndAsksAgainNextTime() throws Exception {
        ChatRequest request = request("claude-opus-5-5", "hello there");
        provider.enqueue(Reply.json(500, "{\"type\":\"error\"}"), Reply.json(529, "{\"type\":\"error\"}"));
        ProviderTokenCounts counts = counts(Duration.ofSeconds(30));

        assertThat(counts.count(request, config("claude,claude-up"), null, null).block())
                .isEqualTo(local.count(request));
        assertThat(counts.count(request, config("claude,claude-up"), null, null).block())
                .isEqualTo(local.count(request));
        assertThat(provider.received()).as("a failure is not cached").hasSize(2);
    }

    @Test
    void countsLocallyWhenTheProviderIsSilentPastTheDeadline() throws Exception {
        ChatRequest request = request("claude-opus-5-5", "hello there");
        provider.enqueue(Reply.unanswered());

        assertThat(counts(Duration.ofMillis(300))
                        .count(request, config("claude,claude-up"), null, null)
                        .block())
                .isEqualTo(local.count(request));
    }

    @Test
    void countsLocallyForAProviderWithoutACountEndpoint() throws Exception {
        ChatRequest request = request("claude-opus-5-5", "hello there");

        assertThat(counts(Duration.ofSeconds(30))
                        .count(request, config("ds,deepseek-chat"), null, null)
                        .block())
                .isEqualTo(local.count(request));
        assertThat(provider.received()).isEmpty();
    }
}
