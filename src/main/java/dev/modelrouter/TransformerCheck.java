package dev.modelrouter;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.plugin.LoadedPlugins;
import dev.modelrouter.plugin.PluginLoader;
import dev.modelrouter.plugin.PluginTransformerFactory;
import dev.modelrouter.plugin.ScriptTransformerFactory;
import dev.modelrouter.plugin.ScriptTransformers;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transformer names and options a config uses, checked before anything starts, so that
 * {@code config validate} and {@code serve} report an unknown name as plainly as a malformed file.
 * Plugin jars are opened only when a name is not a built-in. It sits beside the application class
 * because it needs the whole house (transformers and plugins), which the CLI must not reach into.
 */
public final class TransformerCheck {

    /** A problem's JSON path (group 1, up to the {@code ": "}) and its provider index (group 2). */
    private static final Pattern PROVIDER_PATH = Pattern.compile("(\\$\\.Providers\\[(\\d+)][^ ]*?)(?=: )");

    private TransformerCheck() {}

    /**
     * Each problem as {@code provider 'name' ($.Providers[i].transformer.use[j]): ...}, naming the provider
     * a user knows it by before the path that finds it in the file; empty when all is well.
     */
    public static List<String> problems(RouterConfig config, RouterHome home) {
        return named(config, unnamedProblems(config, home));
    }

    private static List<String> unnamedProblems(RouterConfig config, RouterHome home) {
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
            }
        }
        return TransformerChain.validate(config.transformers(), registry);
    }

    private static List<String> named(RouterConfig config, List<String> problems) {
        List<String> named = new ArrayList<>();
        for (String problem : problems) {
            Matcher m = PROVIDER_PATH.matcher(problem);
            int index = m.lookingAt() ? Integer.parseInt(m.group(2)) : -1;
            if (index >= 0 && index < config.providers().size()) {
                named.add("provider '" + config.providers().get(index).name() + "' (" + m.group(1) + ")"
                        + problem.substring(m.end(1)));
            } else {
                named.add(problem);
            }
        }
        return List.copyOf(named);
    }
}
