package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Routing of real Claude Code 2.1.332 requests (recorded fixtures), with every scenario configured. */
class ClaudeCodeRoutingTest {

    private static final RouterConfig CONFIG = config();

    private static RouterConfig config() {
        try {
            return ConfigLoader.parse("""
                    {"Providers": [
                      {"name": "deepseek", "api_base_url": "https://api.deepseek.com/chat/completions", "api_key": "k",
                       "models": ["deepseek-chat", "deepseek-reasoner"]},
                      {"name": "big", "api_base_url": "https://big.example/v1/chat/completions", "api_key": "k",
                       "models": ["long", "bg", "search", "think", "vision"]}],
                     "Router": {"default": "deepseek,deepseek-chat", "background": "big,bg", "think": "big,think",
                       "longContext": "big,long", "webSearch": "big,search", "image": "big,vision"}}
                    """, Path.of("config.json"), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture in the compact form Claude Code sends on the wire. */
    static byte[] wire(String name) throws IOException {
        try (InputStream in =
                ClaudeCodeRoutingTest.class.getResourceAsStream("/fixtures/claude-code/" + name + ".request.json")) {
            JsonMapper json = JsonMapper.builder().build();
            return json.writeValueAsBytes(json.readTree(in));
        }
    }

    @ParameterizedTest
    @CsvSource({
        "main-turn, 'default deepseek,deepseek-chat'",
        "tool-result-turn, 'default deepseek,deepseek-chat'",
        "tui-main-turn, 'default deepseek,deepseek-chat'",
        "title, 'background big,bg'",
        "quota-probe, 'explicit deepseek,deepseek-chat'",
    })
    void routesRecordedClaudeCodeTrafficWithoutTokenizing(String fixture, String expected) throws IOException {
        AnthropicScan scan = AnthropicRequestScanner.scan(wire(fixture));
        AtomicInteger counted = new AtomicInteger();
        RoutePlan plan = new ScenarioRouter()
                .route(
                        scan.traits(() -> {
                            counted.incrementAndGet();
                            return 0;
                        }),
                        CONFIG);
        assertThat(plan.primary().header()).isEqualTo(expected);
        assertThat(counted)
                .as("a ~50 KB Claude Code turn is far below the 60k-token threshold")
                .hasValue(0);
    }
}
