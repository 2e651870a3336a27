package dev.modelrouter;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.plugin.LoadedPlugins;
import dev.modelrouter.plugin.PluginLoader;
import dev.modelrouter.plugin.ScriptTransformerFactory;
import dev.modelrouter.plugin.ScriptTransformers;
import java.io.IOException;
import java.time.Duration;
import dev.modelrouter.plugin.PluginTransformerFactory;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import java.util.List;

/**
 * The transformer names and options a config uses, checked before anything starts, so that
 * {@code config validate} and {@code serve} report an unknown name as plainly as a malformed file.
 * Plugin jars are opened only when a name is not a built-in. It sits beside the application class
 * because it needs the whole house (transformers and plugins), which the CLI must not reach into.
 */
public final class TransformerCheck {

    private TransformerCheck() {}

    /** Each problem as {@code $.Providers[i].transformer.use[j]: ...}; empty when all is well. */
    public static List<String> problems(RouterConfig config, RouterHome home) {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();
        List<String> problems = TransformerChain.validate(config.transformers(), registry);
        if (problems.isEmpty()) {
            return problems;
        }
        LoadedPlugins plugins = new PluginLoader().load(config, home);
        if (plugins.factories().isEmpty() && plugins.scripts().isEmpty()) {
            return problems;
        }
        for (PluginTransformerFactory factory : plugins.factories()) {
            try {
                registry.register(factory, factory.jar());
            } catch (IllegalArgumentException clash) {
                // a plugin shadowing a built-in: the daemon's start-up reports it with both origins
            }
        }
        if (!plugins.scripts().isEmpty()) {
            // node tells each script's name; a script that does not load keeps its file name
            try (ScriptTransformers host = ScriptTransformers.create(Duration.ofSeconds(30))) {
                for (ScriptTransformerFactory factory : ScriptTransformerFactory.load(plugins.scripts(), host)) {
                    try {
                        registry.register(factory, factory.file());
                    } catch (IllegalArgumentException clash) {
                        // as above
                    }
                }
            } catch (IOException e) {
                problems = List.of("JS transformers: " + e.getMessage());
                return problems;
            }
        }
        return TransformerChain.validate(config.transformers(), registry);
    }
}
