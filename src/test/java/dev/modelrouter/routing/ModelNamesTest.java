package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "claude-sonnet-4-5",
                "openrouter,anthropic/claude-3.5-sonnet:beta",
                "llama3.1:8b",
                "модель",
                "😀",
                "a b?#%",
                "../x"
            })
    void acceptsPrintableNamesWithSlashesAndColons(String name) {
        assertThat(ModelNames.check(name, "model")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\nb",
                "a\rb",
                "a\tb",
                "\u0000",
                "a\u001fb",
                "a\u007fb",
                "a\u0080b",
                "a\u0085b",
                "a\u009fb",
                "a\u2028b",
                "a\u2029b"
            })
    void refusesControlCharactersWithoutRepeatingTheName(String name) {
        assertThatThrownBy(() -> ModelNames.check(name, "model"))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("control character")
                .hasMessageNotContaining(name);
    }

    @Test
    void refusesAnUnpairedSurrogate() {
        assertThatThrownBy(() -> ModelNames.check("a\ud800b", "model")).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> ModelNames.check("a\udc00", "model")).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void countsTheLimitInUtf8Bytes() {
        assertThat(ModelNames.check("x".repeat(256), "model")).hasSize(256);
        assertThat(ModelNames.check("é".repeat(128), "model")).hasSize(128);
        assertThat(ModelNames.check("😀".repeat(64), "model")).hasSize(128);
        assertThatThrownBy(() -> ModelNames.check("x".repeat(257), "model")).hasMessageContaining("257 bytes");
        assertThatThrownBy(() -> ModelNames.check("é".repeat(129), "model")).hasMessageContaining("258 bytes");
        assertThatThrownBy(() -> ModelNames.check("😀".repeat(64) + "x", "model"))
                .hasMessageContaining("257 bytes");
    }

    @Test
    void aModelIsListedWhenItsProviderNamesItExactly() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "oai", "api_base_url": "https://api.example.com/v1/chat/completions",
                  "api_key": "k", "models": ["gpt-up"]}],
                 "Router": {"default": "oai,gpt-up"}}
                """, Path.of("config.json"), Map.of());

        assertThat(ModelNames.listed(config, new Route("oai", "gpt-up", Scenario.EXPLICIT)))
                .isTrue();
        assertThat(ModelNames.listed(config, new Route("OAI", "gpt-up", Scenario.DEFAULT)))
                .isTrue();
        assertThat(ModelNames.listed(config, new Route("oai", "made-up", Scenario.EXPLICIT)))
                .isFalse();
        assertThat(ModelNames.listed(config, new Route("oai", "GPT-UP", Scenario.EXPLICIT)))
                .isFalse();
        assertThat(ModelNames.listed(config, new Route("nobody", "gpt-up", Scenario.EXPLICIT)))
                .isFalse();
    }
}
