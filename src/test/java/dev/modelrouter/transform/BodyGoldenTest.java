package dev.modelrouter.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Golden provider bodies: Claude Code's recorded request, read as the Anthropic client protocol, routed to
 * a provider whose chain is the case's {@code use} list, through the chain's request hook, the provider's
 * encoder and the chain's body hook, exactly as the pipeline does. Expected bodies are in
 * {@code fixtures/transform/<case>.body.json}; run with {@code -Dgolden.update=true} to rewrite them (that
 * run fails, see {@link GoldenFiles}).
 */
class BodyGoldenTest {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Protocol ANTHROPIC = new AnthropicProtocol();
    private static final Protocol OPENAI = new OpenAiProtocol();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "openrouter-claude",
                        OPENAI,
                        "anthropic/claude-sonnet-4.5",
                        "[[\"openrouter\", {\"provider\": {\"order\": [\"anthropic\"], \"allow_fallbacks\": false}}]]"),
                Arguments.of(
                        "openrouter-other",
                        OPENAI,
                        "moonshotai/kimi-k2",
                        "[[\"openrouter\", {\"provider\": {\"order\": [\"groq\"]}}]]"),
                Arguments.of(
                        "vercel-claude",
                        OPENAI,
                        "anthropic/claude-sonnet-4.5",
                        "[[\"vercel\", {\"providerOptions\": {\"gateway\": {\"order\": [\"anthropic\", \"vertex\"]}}}]]"),
                Arguments.of("vercel-other", OPENAI, "minimax/minimax-m2", "[\"vercel\"]"),
                Arguments.of("groq", OPENAI, "openai/gpt-oss-120b", "[\"groq\"]"),
                Arguments.of("cerebras", OPENAI, "zai-glm-4.7", "[\"cerebras\"]"),
                Arguments.of("deepseek", OPENAI, "deepseek-chat", "[\"deepseek\"]"),
                Arguments.of("tooluse", OPENAI, "qwen3-coder", "[\"tooluse\"]"),
                Arguments.of("cleancache", ANTHROPIC, "glm-4.6", "[\"anthropic\", \"cleancache\"]"),
                Arguments.of("openai-reasoning-model", OPENAI, "o4-mini", """
                        [["maxtoken", {"max_tokens": 16384}], "maxcompletiontokens",
                         ["sampling", {"temperature": 1, "top_k": 20, "repetition_penalty": 1.05}],
                         ["customparams", {"reasoning_effort": "low", "metadata": {"team": "core"}}],
                         "streamoptions", ["reasoning", {"budget": 2048}]]"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesTheGoldenProviderBody(String name, Protocol protocol, String model, String use) throws IOException {
        JsonNode client = Json.parse(Files.readString(FIXTURES.resolve("anthropic/claude-code.request.json")));
        TransformerChain chain = Fixtures.chain(
                Fixtures.provider("p", "{\"use\": " + use + "}", model), model, TransformerRegistry.withBuiltIns());
        Route route = new Route("p", model, Scenario.DEFAULT);

        ChatRequest request = chain.request(ANTHROPIC.readRequest(client).withModel(model), route);
        ObjectNode body = chain.body(protocol.writeRequest(request), route);

        Path golden = FIXTURES.resolve("transform/" + name + ".body.json");
        if (GoldenFiles.updating()) {
            Files.writeString(golden, PRETTY.writeValueAsString(body) + "\n");
            throw GoldenFiles.rewritten(golden);
        }
        assertThat(body).isEqualTo(Json.parse(Files.readString(golden)));
    }
}
