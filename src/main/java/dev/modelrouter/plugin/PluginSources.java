package dev.modelrouter.plugin;

import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Which jars to load: every {@code *.jar} in the plugin folders, then config.json's {@code transformers}. */
final class PluginSources {

    /** Folders besides the plugin folders that JavaScript transformers may load from: ccr's own. */
    static final String CCR_PLUGINS = ".claude-code-router/plugins";

    private final Map<Path, PluginSource> sources = new LinkedHashMap<>();
    private final List<ScriptSource> scripts = new ArrayList<>();
    private final List<Path> scriptRoots = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();

    List<PluginSource> sources() {
        return List.copyOf(sources.values());
    }

    List<ScriptSource> scripts() {
        return List.copyOf(scripts);
    }

    List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /** Adds the jars directly inside {@code folder}, by name; a missing folder adds nothing. */
    PluginSources addFolder(Path folder) {
        scriptRoots.add(realPath(folder));
        if (!Files.isDirectory(folder)) {
            return this;
        }
        List<Path> jars;
        try (Stream<Path> entries = Files.list(folder)) {
            jars = entries.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(PluginProblem.skipped(folder.toString(), "cannot list the plugins folder: " + e));
            return this;
        }
        jars.forEach(jar -> add(PluginSource.of(jar)));
        return this;
    }

    /**
     * Adds config.json's {@code transformers: [{"path": "...", "options": {...}}]}; relative paths are
     * resolved against {@code configDir}. A jar listed here that is also in a plugins folder is loaded
     * once, with these options.
     */
    PluginSources addConfigured(JsonNode transformers, Path configDir) {
        if (transformers.isMissingNode() || transformers.isNull()) {
            return this;
        }
        if (!transformers.isArray()) {
            problems.add(PluginProblem.skipped("transformers", "must be a list of {\"path\", \"options\"} entries"));
            return this;
        }
        for (int i = 0; i < transformers.size(); i++) {
            addEntry(transformers.get(i), "transformers[" + i + "]", configDir);
        }
        return this;
    }

    private void addEntry(JsonNode entry, String where, Path configDir) {
        JsonNode path = entry.path("path");
        if (!path.isString() || path.asString().isBlank()) {
            problems.add(PluginProblem.skipped(where, "needs a \"path\" to a plugin jar"));
            return;
        }
        String written = path.asString().trim();
        String lower = written.toLowerCase(Locale.ROOT);
        JsonNode options = entry.path("options");
        if (!options.isMissingNode() && !options.isNull() && !options.isObject()) {
            problems.add(PluginProblem.skipped(written, where + ".options must be an object"));
            return;
        }
        if (lower.endsWith(".ts")) {
            problems.add(
                    PluginProblem.skipped(written, "TypeScript cannot be loaded (nor can ccr); compile it to .js"));
            return;
        }
        if (lower.endsWith(".js") || lower.endsWith(".mjs") || lower.endsWith(".cjs")) {
            addScript(
                    written,
                    configDir.resolve(expandHome(written)).normalize(),
                    options.isObject() ? (ObjectNode) options : JsonNodeFactory.instance.objectNode());
            return;
        }
        Path jar = configDir.resolve(expandHome(written)).normalize();
        if (!Files.isRegularFile(jar)) {
            problems.add(PluginProblem.skipped(written, "no such file: " + jar));
            return;
        }
        add(new PluginSource(jar, options.isObject() ? Optional.of((ObjectNode) options) : Optional.empty()));
    }

    /**
     * A JavaScript transformer runs with the user's keys in reach, so it loads only from a plugins folder
     * (or ccr's, for a config used as it is); a path anywhere else is skipped.
     */
    private void addScript(String written, Path file, ObjectNode options) {
        if (!Files.isRegularFile(file)) {
            problems.add(PluginProblem.skipped(written, "no such file: " + file));
            return;
        }
        Path real = realPath(file);
        List<Path> roots = new ArrayList<>(scriptRoots);
        roots.add(realPath(Path.of(System.getProperty("user.home")).resolve(CCR_PLUGINS)));
        String home = System.getenv("HOME");
        if (home != null && !home.isBlank()) {
            roots.add(realPath(Path.of(home).resolve(CCR_PLUGINS)));
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            problems.add(PluginProblem.skipped(
                    written,
                    "JavaScript transformers load only from "
                            + (scriptRoots.isEmpty() ? "" : scriptRoots.get(0) + " or ") + "~/" + CCR_PLUGINS
                            + "; move it there (router import ccr does)"));
            return;
        }
        if (scripts.stream().noneMatch(s -> s.file().equals(real))) {
            scripts.add(new ScriptSource(real, options));
        }
    }

    private void add(PluginSource source) {
        Path key = realPath(source.jar());
        PluginSource earlier = sources.get(key);
        if (earlier == null || source.options().isPresent()) {
            sources.put(key, source);
        }
    }

    private static String expandHome(String path) {
        return RouterHome.expandTilde(path, System.getenv());
    }

    private static Path realPath(Path jar) {
        try {
            return jar.toRealPath();
        } catch (IOException e) {
            return jar.toAbsolutePath().normalize();
        }
    }
}
