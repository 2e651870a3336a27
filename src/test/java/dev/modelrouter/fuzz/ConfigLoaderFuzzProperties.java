package dev.modelrouter.fuzz;

import dev.modelrouter.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The config loader, fed mutated real configs (ccr 2.x's and the bundled example): it loads the text
 * or refuses it with a {@code ConfigException} that names the problem, never anything else, since the
 * same loader reads {@code PUT /api/config} bodies.
 */
class ConfigLoaderFuzzProperties {

    private static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-test", "HOME", "/home/fuzz");

    @Property
    void configTextIsLoadedOrRefusedClearly(@ForAll("configs") String text) {
        Verdicts.refusesConfigClearly(text, () -> ConfigLoader.parse(text, Path.of("/tmp/fuzz/config.json"), ENV));
    }

    @Provide
    Arbitrary<String> configs() {
        List<String> seeds = Mutations.seeds("fixtures/config/ccr-2x.json", "/router-config.example.json");
        return Mutations.of(seeds);
    }
}
