package dev.modelrouter.pipeline;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import dev.modelrouter.testing.GoldenFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Claude Code's web search request (an Anthropic {@code web_search_20250305} server tool) as each kind of
 * provider receives it: the provider's URL picks the protocol and, for Chat Completions, the vendor's
 * spelling of search. Golden upstream bodies.
 */
class WebSearchMappingTest {

    private static final GoldenFiles FILES = new GoldenFiles("fixtures/web-search/");
    private static final Protocols PROTOCOLS =
            new Protocols(new AnthropicProtocol(), new OpenAiProtocol(), new ResponsesProtocol(), new GeminiProtocol());

    private static ProviderConfig provider(String url) throws Exception {
        return ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "%s", "api_key": "k", "models": ["m"]}]}
                """.formatted(url), Path.of("config.json"), Map.of())
                .providers()
                .get(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "openai,      https://api.openai.com/v1/chat/completions",
        "openrouter,  https://openrouter.ai/api/v1/chat/completions",
        "deepseek,    https://api.deepseek.com/chat/completions",
        "responses,   https://api.openai.com/v1/responses",
        "gemini,      https://generativelanguage.googleapis.com/v1beta/models/",
        "anthropic,   https://api.anthropic.com/v1/messages"
    })
    void mapsTheWebSearchServerToolToWhatTheTargetOffers(String target, String url) throws Exception {
        ChatRequest request = new AnthropicProtocol().readRequest(FILES.readJson("claude-code.request.json"));

        FILES.assertJson(target + ".body.json", PROTOCOLS.of(provider(url)).writeRequest(request.withModel("m")));
    }
}
