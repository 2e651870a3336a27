package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "OPENROUTER_API_KEY", "sk-or-v1-0123456789abcdef",
            "DEEPSEEK_API_KEY", "sk-deepseek-0123456789",
            "GEMINI_API_KEY", "AIzaSyGeminiKey0123456789");

    private static Path fixture(String name) throws URISyntaxException {
        URI uri = ConfigLoaderTest.class.getResource("/fixtures/config/" + name).toURI();
        return Path.of(uri);
    }

    @Test
    void loadsCcr2xConfigUnchanged() throws Exception {
        RouterConfig config = ConfigLoader.load(fixture("ccr-2x.json"), ENV);

        assertThat(config.bundled()).isFalse();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(3456);
        assertThat(config.apiKey()).isEqualTo("ccr-local-secret-4711");
        assertThat(config.proxyUrl()).isEqualTo("http://127.0.0.1:7890");
        assertThat(config.logLevel()).isEqualTo("debug");
        assertThat(config.apiTimeoutMs()).isEqualTo(600_000);
        assertThat(config.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(config.providers())
                .extracting(ProviderConfig::name)
                .containsExactly(
                        "openrouter",
                        "deepseek",
                        "ollama",
                        "gemini",
                        "modelscope",
                        "zai",
                        "vertex-gemini",
                        "vertex-claude",
                        "vertex-openai");

        ProviderConfig deepseek = config.provider("DeepSeek").orElseThrow();
        assertThat(deepseek.apiKeys()).containsExactly("sk-deepseek-0123456789");
        assertThat(deepseek.protocol()).isEqualTo(WireProtocol.OPENAI);
        assertThat(deepseek.auth()).isEqualTo(AuthStyle.BEARER);
        assertThat(deepseek.transformer()
                        .path("deepseek-chat")
                        .path("use")
                        .get(0)
                        .stringValue())
                .isEqualTo("tooluse");
        assertThat(config.provider("gemini").orElseThrow().protocol()).isEqualTo(WireProtocol.GEMINI);
        assertThat(config.provider("gemini").orElseThrow().auth()).isEqualTo(AuthStyle.GOOG_API_KEY);
        assertThat(config.provider("zai").orElseThrow().protocol()).isEqualTo(WireProtocol.ANTHROPIC);
        assertThat(config.provider("zai").orElseThrow().hasKey()).isFalse();
        assertThat(config.providers().subList(6, 9))
                .extracting(ProviderConfig::protocol)
                .as("Vertex flavours speak Gemini, Anthropic and OpenAI")
                .containsExactly(WireProtocol.GEMINI, WireProtocol.ANTHROPIC, WireProtocol.OPENAI);
        assertThat(config.providers().subList(6, 9))
                .as("Google credentials, not keys")
                .noneMatch(ProviderConfig::hasKey);

        RouterSettings router = config.router();
        assertThat(router.targets(Scenario.DEFAULT)).containsExactly(new Target("deepseek", "deepseek-chat"));
        assertThat(router.targets(Scenario.WEB_SEARCH)).containsExactly(new Target("gemini", "gemini-2.5-flash"));
        assertThat(router.targets(Scenario.IMAGE)).isEmpty();
        assertThat(router.longContextThreshold()).isEqualTo(60_000);
        assertThat(router.thinkMinEffort()).isEqualTo("xhigh");
        assertThat(router.fallbackTargets(Scenario.DEFAULT))
                .containsExactly(new Target("openrouter", "anthropic/claude-sonnet-4"), new Target("zai", "glm-4.6"));
        assertThat(router.chain(Scenario.THINK))
                .containsExactly(
                        new Target("deepseek", "deepseek-reasoner"),
                        new Target("openrouter", "anthropic/claude-3.7-sonnet:thinking"));

        assertThat(config.inactiveKeys()).as("tokenizer is acted on").isEmpty();
        assertThat(config.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("$.Providers[5].api_key: environment variable ZAI_API_KEY"))
                .anySatisfy(
                        w -> assertThat(w).startsWith("$.Providers[4].api_key: provider 'modelscope' has no API key"))
                .noneMatch(w -> w.contains("unknown"))
                .noneMatch(w -> w.contains("vertex"));
        assertThat(config.raw().path("StatusLine").path("default").path("modules"))
                .hasSize(2);
    }

    @Test
    void loadsTheExampleFile() throws Exception {
        String text = Files.readString(Path.of(ConfigLoader.EXAMPLE_RESOURCE));
        RouterConfig config = ConfigLoader.parse(text, Path.of(ConfigLoader.EXAMPLE_RESOURCE), Map.of(), true);

        assertThat(config.bundled()).isTrue();
        assertThat(config.inactiveKeys()).isEmpty();
        assertThat(config.providers())
                .extracting(ProviderConfig::name, ProviderConfig::protocol, ProviderConfig::auth)
                .containsExactly(
                        tuple("anthropic", WireProtocol.ANTHROPIC, AuthStyle.X_API_KEY),
                        tuple("deepseek", WireProtocol.OPENAI, AuthStyle.BEARER),
                        tuple("openrouter", WireProtocol.OPENAI, AuthStyle.BEARER),
                        tuple("ollama", WireProtocol.OPENAI, AuthStyle.BEARER));
        assertThat(config.provider("ollama").orElseThrow().apiKeys()).containsExactly("ollama");
        assertThat(config.provider("anthropic").orElseThrow().hasKey()).isFalse();
        for (Scenario s : Scenario.values()) {
            if (s.configurable()) {
                assertThat(config.router().targets(s)).as(s.key()).isNotEmpty();
            }
        }
        assertThat(config.router().targets(Scenario.DEFAULT)).hasSize(2);
        assertThat(config.warnings()).hasSize(3).allMatch(w -> w.contains("environment variable"));
    }

    @Test
    void exampleFileTakesKeysFromTheEnvironment() throws Exception {
        String text = Files.readString(Path.of(ConfigLoader.EXAMPLE_RESOURCE));
        Map<String, String> env = Map.of(
                "ANTHROPIC_API_KEY", "sk-ant-api03-xyz",
                "DEEPSEEK_API_KEY", "sk-ds",
                "OPENROUTER_API_KEY", "sk-or");
        RouterConfig config = ConfigLoader.parse(text, Path.of("config.json"), env);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.provider("anthropic").orElseThrow().apiKeys()).containsExactly("sk-ant-api03-xyz");
        assertThat(config.provider("openrouter").orElseThrow().apiKeys()).containsExactly("sk-or");
    }

    @Test
    void acceptsJson5Syntax() throws Exception {
        String text = """
                /* block comment */
                {
                  // line comment
                  HOST: '127.0.0.1',
                  PORT: +3456,
                  API_TIMEOUT_MS: 1000.,
                  MAX_BODY_BYTES: 1024,
                  extra: [.5, NaN, Infinity, -Infinity,],
                  'Providers': [
                    {name: 'local', api_base_url: 'http://127.0.0.1:8080/v1/chat/completions', models: ['m',],},
                  ],
                  Router: {default: 'local,m',},
                }
                """;
        RouterConfig config = ConfigLoader.parse(text, Path.of("config.json"), Map.of());

        assertThat(config.port()).isEqualTo(3456);
        assertThat(config.apiTimeoutMs()).isEqualTo(1000);
        assertThat(config.router().targets(Scenario.DEFAULT)).containsExactly(new Target("local", "m"));
        assertThat(config.raw().path("extra").get(1).doubleValue()).isNaN();
        assertThat(config.warnings()).contains("$.extra: unknown key 'extra' ignored");
    }

    @Test
    void appliesDefaultsToAnEmptyObject() throws Exception {
        RouterConfig config = ConfigLoader.parse("{}", Path.of("config.json"), Map.of());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(3456);
        assertThat(config.apiKey()).isNull();
        assertThat(config.proxyUrl()).isNull();
        assertThat(config.log()).isTrue();
        assertThat(config.logLevel()).isEqualTo("info");
        assertThat(config.apiTimeoutMs()).isEqualTo(600_000);
        assertThat(config.nonInteractive()).isFalse();
        assertThat(config.maxBodyBytes()).isEqualTo(33_554_432);
        assertThat(config.providers()).isEmpty();
        assertThat(config.router().longContextThreshold()).isEqualTo(60_000);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        String text = "{\n  \"PORT\": 3456,\n  \"HOST\" \"127.0.0.1\"\n}";

        assertThatThrownBy(() -> ConfigLoader.parse(text, Path.of("/home/me/.router/config.json"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.path()).isEqualTo("$");
                        assertThat(p.message()).startsWith("invalid JSON at line 3, column 10: ");
                    });
                    assertThat(e.getMessage()).startsWith("config.json: invalid JSON at line 3, column 10");
                });
    }

    @Test
    void syntaxErrorsNeverEchoALongToken() {
        String text = "{\"Providers\": [{\"api_key\": sk-ant-api03-secretsecret}]}";

        assertThatThrownBy(() -> ConfigLoader.parse(text, Path.of("config.json"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1")
                .message()
                .doesNotContain("secretsecret");
    }

    @Test
    void rejectsEmptyFilesAndNonObjects() {
        assertThatThrownBy(() -> ConfigLoader.parse("  \n", Path.of("config.json"), Map.of()))
                .hasMessageContaining("the file is empty");
        assertThatThrownBy(() -> ConfigLoader.parse("[]", Path.of("config.json"), Map.of()))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> ConfigLoader.parse("{} {}", Path.of("config.json"), Map.of()))
                .hasMessageContaining("invalid JSON at line 1");
    }

    @Test
    void reportsAMissingFile() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/dir/config.json"), Map.of()))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigProblem::message)
                                .singleElement()
                                .asString()
                                .startsWith("file not found"));
    }

    @Test
    void liveConfigSwapsSnapshots() throws Exception {
        RouterConfig first = ConfigLoader.parse("{}", Path.of("a.json"), Map.of());
        RouterConfig second = ConfigLoader.parse("{PORT: 4000}", Path.of("b.json"), Map.of());
        LiveConfig live = new LiveConfig(first);

        assertThat(live.current()).isSameAs(first);
        assertThat(live.replace(second)).isSameAs(first);
        assertThat(live.current()).isSameAs(second);
    }

    @Test
    void snapshotCannotBeChangedThroughItsTrees() throws Exception {
        RouterConfig config = ConfigLoader.parse("{PORT: 4000}", Path.of("config.json"), Map.of());
        ((tools.jackson.databind.node.ObjectNode) config.raw()).put("PORT", 1);

        assertThat(config.raw().path("PORT").intValue()).isEqualTo(4000);
    }
}
