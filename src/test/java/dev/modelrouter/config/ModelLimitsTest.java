package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelLimitsTest {

    private static RouterConfig parse(String json) throws ConfigException {
        return ConfigLoader.parse(json, Path.of("config.json"), Map.of());
    }

    private static final String MIXED = """
            {"Providers": [{"name": "ds", "api_base_url": "https://api.deepseek.com/chat/completions", "api_key": "k",
               "models": ["deepseek-chat", {"name": "m2", "context": 128000, "max_output": 8192}, {"name": "m3"}]}],
             "Router": {"default": "ds,m2"}}
            """;

    @Test
    void modelEntriesMayBeNamesOrObjectsWithLimits() throws ConfigException {
        RouterConfig config = parse(MIXED);

        ProviderConfig ds = config.provider("ds").orElseThrow();
        assertThat(ds.models()).containsExactly("deepseek-chat", "m2", "m3");
        assertThat(ds.limits("m2")).isEqualTo(new ModelLimits(128000, 8192, ModelLimits.Source.CONFIG));
        assertThat(ds.limits("m3")).isEqualTo(ModelLimits.UNKNOWN);
        assertThat(config.resolve("ds,m2")).contains(new Target("ds", "m2"));
    }

    @Test
    void aCcrConfigWithPlainNamesLoadsUnchanged() throws ConfigException {
        RouterConfig config = parse("""
                {"Providers": [{"name": "ds", "api_base_url": "https://api.deepseek.com/chat/completions",
                   "api_key": "k", "models": ["deepseek-chat", "deepseek-reasoner"]}],
                 "Router": {"default": "ds,deepseek-chat"}}
                """);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.provider("ds").orElseThrow().models()).containsExactly("deepseek-chat", "deepseek-reasoner");
        assertThat(config.provider("ds").orElseThrow().limits()).isEmpty();
    }

    @Test
    void rejectsALimitThatIsNotAPositiveWholeNumberAndAnObjectWithoutName() {
        assertThatThrownBy(() -> parse("""
                {"Providers": [{"name": "ds", "api_base_url": "https://x.example/v1/chat/completions", "api_key": "k",
                   "models": [{"name": "m", "context": "128k"}, {"context": 1000}]}]}
                """))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems().toString())
                                .contains(
                                        "Providers[0].models[0].context",
                                        "expected a positive whole number of tokens",
                                        "Providers[0].models[1].name",
                                        "a model object needs its name"));
    }

    @Test
    void configBeatsWhatTheProviderReportedWhichBeatsTheBuiltInTable(@TempDir Path home) throws Exception {
        RouterConfig config = parse(MIXED);
        ModelWindows windows = ModelWindows.of(new RouterHome(home));
        windows.learned()
                .put(
                        "DS",
                        Map.of(
                                "m2",
                                new ModelLimits(64000, 0, ModelLimits.Source.PROVIDER),
                                "deepseek-chat",
                                new ModelLimits(100000, 0, ModelLimits.Source.PROVIDER)));

        assertThat(windows.of(config, new Target("ds", "m2")).context()).isEqualTo(128000);
        assertThat(windows.of(config, new Target("ds", "deepseek-chat")))
                .as("learned window, built-in output limit")
                .isEqualTo(new ModelLimits(100000, 8192, ModelLimits.Source.PROVIDER));
        assertThat(windows.of(config, new Target("ds", "deepseek-reasoner")))
                .isEqualTo(new ModelLimits(128000, 65536, ModelLimits.Source.BUILT_IN));
        assertThat(ModelWindows.of(new RouterHome(home))
                        .of(config, new Target("ds", "deepseek-chat"))
                        .context())
                .as("the cache survives a restart")
                .isEqualTo(100000);
    }

    @ParameterizedTest
    @CsvSource({
        "deepseek-chat, 128000",
        "deepseek/deepseek-chat-v3.1, 128000",
        "qwen3-coder-plus, 1000000",
        "Qwen/Qwen3-Coder-480B-A35B-Instruct, 262144",
        "moonshotai/kimi-k2-0905, 262144",
        "glm-4.6, 204800",
        "glm-4.5-air, 131072",
        "gemini-2.5-pro, 1048576",
        "gpt-4o-mini, 128000",
        "gpt-5-codex, 400000",
        "o4-mini, 200000",
        "claude-sonnet-4-5, 200000",
        "llama3.1:8b, 131072",
        "llama3:latest, 8192",
        "some-unknown-model, 0"
    })
    void knowsTheWindowsOfWellKnownFamilies(String model, int context) {
        assertThat(BuiltInLimits.bundled().find(model).context()).isEqualTo(context);
    }

    @Test
    void anUnreadableCacheIsIgnored(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve(LearnedLimits.FILE), "{not json");
        assertThat(LearnedLimits.of(new RouterHome(home)).get("x", "y")).isEqualTo(ModelLimits.UNKNOWN);
    }
}
