package dev.modelrouter.plugin;

import java.util.List;

/**
 * What the plugin jars contributed.
 *
 * @param factories transformer factories, guarded and with their jar ({@link PluginTransformerFactory#jar()}),
 *     names unique (compared case-insensitively) across plugins
 * @param routeRules route rules in load order (jar names, then config.json's {@code transformers}),
 *     guarded, with their jar ({@link GuardedRouteRule#jar()})
 * @param problems jars and entries that were skipped, and duplicate names
 * @param scripts claude-code-router JavaScript transformers to load into node, in config order
 */
public record LoadedPlugins(
        List<PluginTransformerFactory> factories,
        List<GuardedRouteRule> routeRules,
        List<PluginProblem> problems,
        List<ScriptSource> scripts) {

    public LoadedPlugins {
        factories = List.copyOf(factories);
        routeRules = List.copyOf(routeRules);
        problems = List.copyOf(problems);
        scripts = List.copyOf(scripts);
    }

    /** No plugins. */
    public static LoadedPlugins none() {
        return new LoadedPlugins(List.of(), List.of(), List.of(), List.of());
    }

    /** The problems that must stop startup (duplicate transformer names). */
    public List<PluginProblem> fatalProblems() {
        return problems.stream().filter(PluginProblem::fatal).toList();
    }
}
