package dev.modelrouter.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TransformerRegistryTest {

    private static TransformerFactory named(String name) {
        return new TransformerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Transformer create(JsonNode options) {
                return new Transformer() {};
            }
        };
    }

    @Test
    void holdsEveryBuiltInUnderCcrsNames() {
        assertThat(TransformerRegistry.withBuiltIns().names())
                .containsExactly(
                        "anthropic",
                        "cerebras",
                        "cleancache",
                        "customparams",
                        "deepseek",
                        "enhancetool",
                        "extrathinktag",
                        "forcereasoning",
                        "gemini",
                        "groq",
                        "maxcompletiontokens",
                        "maxtoken",
                        "openai",
                        "openai-responses",
                        "openrouter",
                        "reasoning",
                        "sampling",
                        "streamoptions",
                        "tooluse",
                        "vercel",
                        "vertex-claude",
                        "vertex-gemini",
                        "vertex-openai");
    }

    @Test
    void listsBuiltInsInCcrsDocumentedOrder() {
        assertThat(TransformerRegistry.builtIns())
                .extracting(TransformerFactory::name)
                .containsExactly(
                        "anthropic",
                        "openai",
                        "gemini",
                        "openai-responses",
                        "vertex-gemini",
                        "vertex-claude",
                        "vertex-openai",
                        "deepseek",
                        "openrouter",
                        "vercel",
                        "groq",
                        "cerebras",
                        "maxtoken",
                        "maxcompletiontokens",
                        "sampling",
                        "customparams",
                        "streamoptions",
                        "cleancache",
                        "tooluse",
                        "enhancetool",
                        "reasoning",
                        "forcereasoning",
                        "extrathinktag");
    }

    @Test
    void findsNamesIgnoringCase() {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();

        assertThat(registry.find("Anthropic")).isPresent();
        assertThat(registry.find(" OpenRouter ")).isPresent();
        assertThat(registry.find("Cerebras")).isPresent();
        assertThat(registry.find("VERCEL")).isPresent();
        assertThat(registry.find("nope")).isEmpty();
        assertThat(registry.origin("DEEPSEEK")).contains(TransformerRegistry.BUILT_IN);
    }

    @Test
    void registersPluginsAndRejectsADuplicateNamingBothOrigins() {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();
        registry.register(named("shout"), "plugins/shout-1.0.jar");

        assertThat(registry.find("SHOUT")).isPresent();
        assertThat(registry.origin("shout")).contains("plugins/shout-1.0.jar");
        assertThatThrownBy(() -> registry.register(named("Shout"), "plugins/other.jar"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("transformer 'Shout' from plugins/other.jar clashes with transformer 'shout' from"
                        + " plugins/shout-1.0.jar (names compare ignoring case)");
        assertThatThrownBy(() -> registry.register(named("TOOLUSE"), "evil.jar"))
                .hasMessageContaining("from evil.jar clashes with transformer 'tooluse' from built-in");
    }

    @Test
    void rejectsABlankName() {
        assertThatThrownBy(() -> new TransformerRegistry().register(named(" "), "x.jar"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from x.jar has no name");
    }
}
