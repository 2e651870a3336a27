package dev.modelrouter.server;

import dev.modelrouter.config.ConfigProblem;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.plugin.LoadedPlugins;
import dev.modelrouter.plugin.LoadedScripts;
import dev.modelrouter.plugin.PluginLoader;
import dev.modelrouter.plugin.PluginProblem;
import dev.modelrouter.plugin.ScriptSource;
import dev.modelrouter.plugin.ScriptTransformerFactory;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The transformer names of each config snapshot: the built-ins and plugin jars, fixed at start, plus the
 * JavaScript transformers that snapshot's {@code transformers} list names, so a reload that adds, drops
 * or changes one takes effect without a restart. At start a script that fails to load only fails its
 * providers' requests (the daemon starts); at a reload a script the config in force did not have must
 * load, or the reload is refused naming its file and the config in force stays.
 */
final class TransformerSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(TransformerSnapshots.class);
    /** Snapshots checked but not yet in force are few: a reload checks one and swaps it at once. */
    private static final int KEPT = 8;

    private final TransformerRegistry base;
    private final LoadedScripts scripts;
    private final RouterHome home;
    private final Map<Key, TransformerRegistry> registries = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, TransformerRegistry> eldest) {
            return size() > KEPT;
        }
    };
    private volatile TransformerRegistry latest;

    /** What a snapshot's scripts depend on: its {@code transformers} list and the folder paths resolve in. */
    private record Key(Path source, JsonNode transformers) {
        static Key of(RouterConfig config) {
            return new Key(config.source().toAbsolutePath(), config.raw().path("transformers"));
        }
    }

    /**
     * The registries of {@code start} and of the snapshots that follow it.
     *
     * @param base the built-ins and the plugin jars' transformers
     * @throws IllegalStateException when a provider of {@code start} names a transformer nobody provides
     */
    TransformerSnapshots(TransformerRegistry base, LoadedScripts scripts, RouterHome home, RouterConfig start) {
        this.base = base;
        this.scripts = scripts;
        this.home = home;
        TransformerRegistry registry = base.copy();
        for (ScriptSource source : PluginLoader.scripts(start, home).scripts()) {
            ScriptTransformerFactory factory = scripts.lenient(source);
            try {
                registry.register(factory, factory.file());
            } catch (IllegalArgumentException clash) {
                // the name is taken (a built-in, a jar, another script): providers keep the one they had
                LOG.error("JS transformer not used: {}", clash.getMessage());
            }
        }
        List<String> problems = TransformerChain.validate(start.transformers(), registry);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(start.source() + ": " + String.join("; ", problems));
        }
        this.latest = registry;
        remember(start, registry);
    }

    /** The registry of {@code config}, a snapshot that started the daemon or passed {@link #check}. */
    TransformerRegistry registry(RouterConfig config) {
        synchronized (registries) {
            TransformerRegistry known = registries.get(Key.of(config));
            return known != null ? known : latest;
        }
    }

    /**
     * Loads the scripts {@code next} adds to {@code current} and checks every transformer name its providers
     * use; when nothing is wrong, {@link #registry} of {@code next} is ready for it to go in force. Scripts
     * neither snapshot names are unloaded: no request can still be on the snapshot before {@code current}
     * for long, as a request reads the snapshot once and resolves its chain at once.
     */
    List<ConfigProblem> check(RouterConfig next, RouterConfig current) {
        LoadedPlugins named = PluginLoader.scripts(next, home);
        LoadedPlugins inForce = PluginLoader.scripts(current, home);
        Set<String> knownProblems =
                inForce.problems().stream().map(PluginProblem::toString).collect(Collectors.toSet());
        List<ConfigProblem> problems = new ArrayList<>();
        named.problems().stream()
                .filter(p -> !knownProblems.contains(p.toString()))
                .forEach(p -> problems.add(new ConfigProblem("transformers", p.toString())));
        TransformerRegistry registry = base.copy();
        for (ScriptSource source : named.scripts()) {
            boolean added = !inForce.scripts().contains(source) || !scripts.has(source);
            ScriptTransformerFactory factory;
            try {
                factory = added ? scripts.strict(source) : scripts.lenient(source);
            } catch (RuntimeException e) {
                problems.add(
                        new ConfigProblem("transformers", e.getMessage() + " (a transformer a reload adds must load)"));
                continue;
            }
            try {
                registry.register(factory, factory.file());
            } catch (IllegalArgumentException clash) {
                if (added) {
                    problems.add(new ConfigProblem("transformers", clash.getMessage()));
                }
            }
        }
        Set<ScriptSource> kept = new LinkedHashSet<>(inForce.scripts());
        kept.addAll(named.scripts());
        scripts.retain(kept);
        if (!problems.isEmpty()) {
            return problems;
        }
        for (String problem : TransformerChain.validate(next.transformers(), registry)) {
            int colon = problem.indexOf(": ");
            problems.add(
                    colon > 0
                            ? new ConfigProblem(problem.substring(0, colon), problem.substring(colon + 2))
                            : new ConfigProblem("$", problem));
        }
        if (problems.isEmpty()) {
            remember(next, registry);
        }
        return problems;
    }

    private void remember(RouterConfig config, TransformerRegistry registry) {
        synchronized (registries) {
            registries.put(Key.of(config), registry);
            latest = registry;
        }
    }
}
