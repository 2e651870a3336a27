package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SetupAdviceTest {

    @Test
    void theBundledExampleOnAFreshMachineSaysEveryVariableAndTheSilentOllamaInOneScreen() {
        RouterConfig example = ConfigLoader.bundledExample(Map.of());

        SetupAdvice advice = SetupAdvice.of(example, uri -> false, Set.of());

        assertThat(advice.lines())
                .containsExactly(
                        "not ready yet: these routes will fail their first request until you set what they need",
                        "  anthropic    (default, image): export ANTHROPIC_API_KEY=<your key>",
                        "  deepseek     (think): export DEEPSEEK_API_KEY=<your key>",
                        "  openrouter   (default, longContext, webSearch): export OPENROUTER_API_KEY=<your key>",
                        "  ollama       (background): nothing answers at http://127.0.0.1:11434; start it (`ollama serve`)",
                        "then run `router restart` from that shell, or route elsewhere: `router model set <scenario> <provider,model>`",
                        "(config: the bundled example; copy it to edit)");
    }

    @Test
    void saysNothingOnceTheKeysAreSetAndTheLocalServerAnswers() {
        RouterConfig example = ConfigLoader.bundledExample(
                Map.of("ANTHROPIC_API_KEY", "a", "DEEPSEEK_API_KEY", "d", "OPENROUTER_API_KEY", "o"));

        assertThat(SetupAdvice.of(example, uri -> true, Set.of()).isEmpty()).isTrue();
    }

    @Test
    void leavesOutProvidersNoRouteNamesAndKeysARunningDaemonHas() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [
                  {"name": "unused", "api_base_url": "https://u.example.com/v1/chat/completions", "api_key": "$UNUSED_KEY", "models": ["m"]},
                  {"name": "main", "api_base_url": "https://m.example.com/v1/chat/completions", "api_key": "$MAIN_KEY", "models": ["m"]}],
                 "Router": {"default": "main,m"}}
                """, Path.of("/cfg/config.json"), Map.of());

        assertThat(SetupAdvice.of(config, uri -> false, Set.of()).lines())
                .contains("  main         (default): export MAIN_KEY=<your key>", "(config: /cfg/config.json)")
                .noneMatch(l -> l.contains("unused") || l.contains("UNUSED_KEY"));
        assertThat(SetupAdvice.of(config, uri -> false, Set.of("main")).isEmpty())
                .isTrue();
    }

    @Test
    void probesLocalEndpointsOverTcp() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(SetupAdvice.accepts(
                            URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/v1/chat/completions")))
                    .isTrue();
        }
        int closed;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = gone.getLocalPort();
        }
        assertThat(SetupAdvice.accepts(URI.create("http://127.0.0.1:" + closed + "/v1")))
                .isFalse();
    }
}
