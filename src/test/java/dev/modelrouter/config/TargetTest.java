package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void parsesProviderCommaModel() {
        assertThat(Target.parse("openrouter,anthropic/claude-sonnet-4"))
                .contains(new Target("openrouter", "anthropic/claude-sonnet-4"));
        assertThat(Target.parse(" deepseek , deepseek-chat ")).contains(new Target("deepseek", "deepseek-chat"));
        assertThat(Target.parse("p,model,with,commas")).contains(new Target("p", "model,with,commas"));
        assertThat(Target.parse("deepseek")).isEmpty();
        assertThat(Target.parse(",m")).isEmpty();
        assertThat(Target.parse("p, ")).isEmpty();
        assertThat(new Target("p", "m")).hasToString("p,m");
    }

    @Test
    void resolvesAgainstTheConfiguredProviders() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "OpenRouter", "api_base_url": "https://openrouter.ai/api/v1/chat/completions",
                  "api_key": "k", "models": ["x/Model-A"]}], "Router": {"default": "openrouter,x/Model-A"}}
                """, Path.of("config.json"), Map.of());

        assertThat(config.resolve(" openrouter , x/Model-A ")).contains(new Target("OpenRouter", "x/Model-A"));
        assertThat(config.resolve("openrouter,x/model-a")).isEmpty();
        assertThat(config.resolve("other,x/Model-A")).isEmpty();
        assertThat(config.resolve("garbage")).isEmpty();
        assertThat(config.provider("OPENROUTER")).isPresent();
        assertThat(config.provider("OPENROUTER").orElseThrow().hasModel("x/Model-A"))
                .isTrue();
    }
}
