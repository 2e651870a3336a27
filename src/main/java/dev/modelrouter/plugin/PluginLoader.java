package dev.modelrouter.plugin;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.spi.RouteRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Loads plugin jars: every {@code *.jar} in {@code $ROUTER_HOME/plugins}, then the jars of config.json's
 * {@code transformers} list. Each jar gets
 * its own {@link PluginClassLoader}; its {@code TransformerFactory} and {@code RouteRule} services are
 * found with {@link java.util.ServiceLoader} in that jar only. A jar that fails is reported and
 * skipped; loading itself never throws.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final ClassLoader host;

    /** A loader whose plugins share the SPI, model, Reactor and Jackson classes of the router. */
    public PluginLoader() {
        this(Objects.requireNonNull(PluginLoader.class.getClassLoader(), "class loader"));
    }

    /** @param host the class loader that provides the SPI, model, Reactor and Jackson classes */
    public PluginLoader(ClassLoader host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * {@code $ROUTER_HOME/plugins}, the one folder whose jars load without config.json naming them. Never
     * {@code plugins/} of the working directory: started inside a cloned repository, the router would
     * run that repository's jars with the user's keys in memory.
     */
    public static List<Path> defaultFolders(RouterHome home) {
        return List.of(home.pluginsDir().toAbsolutePath().normalize());
    }

    /**
     * The plugins of {@code $ROUTER_HOME/plugins} and of {@code config}'s {@code transformers} list, whose
     * relative paths are resolved against the config file's folder.
     */
    public LoadedPlugins load(RouterConfig config, RouterHome home) {
        JsonNode transformers =
                config.bundled() ? MissingNode.getInstance() : config.raw().path("transformers");
        return load(defaultFolders(home), transformers, configDir(config));
    }

    /**
     * Only the JavaScript transformers {@code config}'s {@code transformers} list names, with that list's
     * problems; no jar is opened, so this is cheap enough for every reload.
     */
    public static LoadedPlugins scripts(RouterConfig config, RouterHome home) {
        PluginSources sources = new PluginSources();
        defaultFolders(home).forEach(sources::addFolder);
        if (!config.bundled()) {
            sources.addConfigured(config.raw().path("transformers"), configDir(config));
        }
        return new LoadedPlugins(List.of(), List.of(), sources.problems(), sources.scripts());
    }

    private static Path configDir(RouterConfig config) {
        Path dir = config.source().toAbsolutePath().getParent();
        return dir == null ? Path.of("").toAbsolutePath() : dir;
    }

    /**
     * The plugins of {@code folders} and of a config.json {@code transformers} list.
     *
     * @param folders folders whose {@code *.jar} files are loaded; missing folders are skipped
     * @param transformers config.json's {@code transformers} node, or a missing node
     * @param configDir the config file's folder, for relative paths
     */
    public LoadedPlugins load(List<Path> folders, JsonNode transformers, Path configDir) {
        PluginSources sources = new PluginSources();
        folders.forEach(sources::addFolder);
        sources.addConfigured(transformers, configDir);
        List<PluginProblem> problems = new ArrayList<>(sources.problems());
        LoadedPlugins loaded = load(sources.sources(), problems, sources.scripts());
        loaded.problems().forEach(PluginLoader::log);
        return loaded;
    }

    private LoadedPlugins load(List<PluginSource> sources, List<PluginProblem> problems, List<ScriptSource> scripts) {
        Map<String, PluginTransformerFactory> byName = new LinkedHashMap<>();
        List<GuardedRouteRule> rules = new ArrayList<>();
        for (PluginSource source : sources) {
            JarScanner.Found found = JarScanner.scan(source, host);
            problems.addAll(found.problems());
            PluginFaults faults = new PluginFaults(source.name());
            for (JarScanner.Named named : found.factories()) {
                String key = named.name().toLowerCase(Locale.ROOT);
                PluginTransformerFactory earlier = byName.get(key);
                if (earlier != null) {
                    problems.add(new PluginProblem(
                            source.name(),
                            "transformer name " + named.name() + " is already provided by " + earlier.jar(),
                            true));
                    continue;
                }
                byName.put(key, new PluginTransformerFactory(named.factory(), named.name(), source.options(), faults));
                LOG.info("plugin transformer {} → {}", named.name(), source.name());
            }
            for (RouteRule rule : found.rules()) {
                rules.add(new GuardedRouteRule(rule, faults));
                LOG.info("plugin route rule {} → {}", rule.getClass().getName(), source.name());
            }
        }
        return new LoadedPlugins(List.copyOf(byName.values()), rules, problems, scripts);
    }

    private static void log(PluginProblem problem) {
        if (problem.fatal()) {
            LOG.error("plugin {}", problem);
        } else {
            LOG.warn("plugin problem, skipped: {}", problem);
        }
    }
}
