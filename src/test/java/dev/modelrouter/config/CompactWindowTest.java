package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CompactWindowTest {

    private static Optional<CompactWindow> of(String router, String fallback) throws ConfigException {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                   "models": ["deepseek-chat", "qwen3-coder", {"name": "small", "context": 32000, "max_output": 4096},
                              "mystery"]}],
                 "Router": %s, "fallback": %s}
                """.formatted(router, fallback), Path.of("config.json"), Map.of());
        return CompactWindow.of(config, ModelWindows.builtIn());
    }

    @Test
    void theDefaultModelsWindowLessAMarginOfOneSixteenth() throws ConfigException {
        assertThat(of("{\"default\": \"p,deepseek-chat\"}", "{}"))
                .contains(new CompactWindow(128000, 120000, 8192, "default p,deepseek-chat"));
    }

    @Test
    void theSmallestWindowOfTheFallbackChain() throws ConfigException {
        CompactWindow w = of("{\"default\": \"p,deepseek-chat\"}", "{\"default\": [\"p,small\", \"p,mystery\"]}")
                .orElseThrow();

        assertThat(w.window()).isEqualTo(32000);
        assertThat(w.compactWindow()).isEqualTo(32000 - 4096);
        assertThat(w.maxOutput()).isEqualTo(4096);
        assertThat(w.basis()).isEqualTo("default p,small");
    }

    @Test
    void theLongContextWindowWhenItsRouteCatchesPromptsBeforeTheDefaultsWindowIsFull() throws ConfigException {
        CompactWindow w = of("{\"default\": \"p,deepseek-chat\", \"longContext\": \"p,qwen3-coder\"}", "{}")
                .orElseThrow();

        assertThat(w.window()).isEqualTo(262144);
        assertThat(w.compactWindow()).isEqualTo(262144 - 16384);
        assertThat(w.maxOutput())
                .as("the default model still answers the short prompts")
                .isEqualTo(8192);
        assertThat(w.basis()).startsWith("longContext p,qwen3-coder (takes prompts above 60000 tokens");
    }

    @Test
    void notTheLongContextWindowWhenItsThresholdLiesBeyondTheDefaultsWindow() throws ConfigException {
        CompactWindow w = of(
                        "{\"default\": \"p,deepseek-chat\", \"longContext\": \"p,qwen3-coder\","
                                + " \"longContextThreshold\": 200000}",
                        "{}")
                .orElseThrow();

        assertThat(w.window()).isEqualTo(128000);
    }

    @Test
    void nothingWhenTheDefaultModelsWindowIsUnknown() throws ConfigException {
        assertThat(of("{\"default\": \"p,mystery\"}", "{}")).isEmpty();
    }

    @Test
    void aTargetClaudeCodeNamesHasItsOwnWindowAndTheLongContextRoutesAboveIt() throws ConfigException {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                   "models": ["deepseek-chat", "qwen3-coder", {"name": "small", "context": 32000, "max_output": 4096},
                              "mystery"]}],
                 "Router": {"default": "p,deepseek-chat"}}
                """, Path.of("config.json"), Map.of());
        RouterConfig withLong = ConfigLoader.parse(
                config.raw().toString().replace("\"default\"", "\"longContext\": \"p,qwen3-coder\", \"default\""),
                Path.of("config.json"),
                Map.of());

        assertThat(CompactWindow.of(new Target("p", "small"), config, ModelWindows.builtIn()))
                .contains(new CompactWindow(32000, 32000 - 4096, 4096, "model p,small"));
        assertThat(CompactWindow.of(new Target("p", "mystery"), config, ModelWindows.builtIn()))
                .isEmpty();
        assertThat(CompactWindow.of(new Target("p", "deepseek-chat"), withLong, ModelWindows.builtIn())
                        .orElseThrow()
                        .basis())
                .isEqualTo("longContext p,qwen3-coder (takes prompts over model p,deepseek-chat's 128k)");
        assertThat(CompactWindow.of(new Target("p", "small"), withLong, ModelWindows.builtIn()))
                .as("a prompt over a named target's window goes to longContext whatever the threshold")
                .contains(new CompactWindow(
                        262144,
                        262144 - 16384,
                        4096,
                        "longContext p,qwen3-coder (takes prompts over model p,small's 32k)"));
    }
}
