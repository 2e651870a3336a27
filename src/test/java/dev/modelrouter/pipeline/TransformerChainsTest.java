package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterSettings;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformerChainsTest {

    @Test
    void chainsAreBuiltOncePerProviderAndModelOfASnapshot() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "DeepSeek", "api_base_url": "https://api.deepseek.com/chat/completions",
                  "api_key": "k", "models": ["deepseek-chat", "deepseek-reasoner"],
                  "transformer": {"use": ["deepseek"], "deepseek-chat": {"use": ["tooluse"]}}}],
                 "Router": {"default": "deepseek,deepseek-chat"}}
                """, Path.of("config.json"), Map.of());
        TransformerChains chains = new TransformerChains(config, TransformerRegistry.withBuiltIns());

        TransformerChain chat = chains.chain("deepseek", "deepseek-chat");

        assertThat(chains.chain("DeepSeek", "deepseek-chat")).isSameAs(chat);
        assertThat(chat.transformers()).hasSize(2);
        assertThat(chains.chain("deepseek", "deepseek-reasoner").transformers()).hasSize(1);
        assertThat(chains.chain("nobody", "x")).isSameAs(TransformerChain.EMPTY);
        assertThat(chains.isFor(config)).isTrue();
        assertThat(chains.isFor(ConfigLoader.parse(config.raw().toString(), Path.of("config.json"), Map.of())))
                .isFalse();
        assertThat(chains.isFor(config.withRouter(RouterSettings.empty())))
                .as("a project's routes on the same snapshot share its chains")
                .isTrue();
    }

    @Test
    void modelsWithoutASectionOfTheirOwnShareTheProvidersChain() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "DeepSeek", "api_base_url": "https://api.deepseek.com/chat/completions",
                  "api_key": "k", "models": ["deepseek-chat"],
                  "transformer": {"use": ["deepseek"], "deepseek-chat": {"use": ["tooluse"]}}}]}
                """, Path.of("config.json"), Map.of());
        TransformerChains chains = new TransformerChains(config, TransformerRegistry.withBuiltIns());

        TransformerChain shared = chains.chain("deepseek", "deepseek-reasoner");

        // a client naming ever new models must not grow the cache
        for (int i = 0; i < 1_000; i++) {
            assertThat(chains.chain("deepseek", "made-up-" + i)).isSameAs(shared);
        }
        assertThat(shared.transformers()).hasSize(1);
        assertThat(chains.chain("deepseek", "deepseek-chat").transformers()).hasSize(2);
    }
}
