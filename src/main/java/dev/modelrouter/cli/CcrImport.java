package dev.modelrouter.cli;

import dev.modelrouter.config.JsonTrees;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plan of {@code router import ccr}: which files of a claude-code-router folder go where in
 * {@code $ROUTER_HOME}, and its config.json with the paths into that folder rewritten to the copies.
 * Making the plan touches nothing; {@link #copy} carries it out.
 */
final class CcrImport {

    /** ccr's folder under the home directory. */
    static final String CCR_DIR = ".claude-code-router";
    /** Folders of ccr's that are not projects' routes. */
    private static final Set<String> NOT_PROJECTS = Set.of("plugins", "presets", "logs", "node_modules");
    /** Settings that name a file the router runs or reads (CLAUDE_PATH names a program, left alone). */
    private static final Set<String> FILE_SETTINGS = Set.of("CUSTOM_ROUTER_PATH", "REWRITE_SYSTEM_PROMPT");

    /** One file to copy. */
    record Copy(Path from, Path to) {}

    private final Path ccr;
    private final Path home;
    private final Map<String, String> env;
    private final Map<Path, Copy> copies = new LinkedHashMap<>();
    private final List<String> rewritten = new ArrayList<>();
    private final List<String> wontWork = new ArrayList<>();
    private final List<String> projects = new ArrayList<>();
    private final List<String> presets = new ArrayList<>();
    private @Nullable ObjectNode config;

    private CcrImport(Path ccr, Path home, Map<String, String> env) {
        this.ccr = ccr.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
        this.env = env;
    }

    /** {@code ~/.claude-code-router}, with {@code ~} as {@code $HOME} (else Java's user.home). */
    static Path defaultFolder(Map<String, String> env) {
        String user = env.getOrDefault("HOME", "");
        return Path.of(user.isBlank() ? System.getProperty("user.home") : user, CCR_DIR);
    }

    /**
     * What a first start says when {@code $ROUTER_HOME} has no config.json and ccr has one; empty when it
     * has none.
     */
    static java.util.Optional<String> hint(Map<String, String> env) {
        Path ccr = defaultFolder(env);
        return Files.isRegularFile(ccr.resolve("config.json"))
                ? java.util.Optional.of(
                        "found a claude-code-router config in " + ccr + "; run `router import ccr` to use it")
                : java.util.Optional.empty();
    }

    /**
     * Plans the import of {@code ccr} into {@code home}.
     *
     * @throws IOException when the folder cannot be read
     * @throws IllegalArgumentException when it has no readable config.json
     */
    static CcrImport plan(Path ccr, Path home, Map<String, String> env) throws IOException {
        CcrImport plan = new CcrImport(ccr, home, env);
        plan.planConfig();
        plan.planFolder("plugins", plan.home.resolve("plugins"));
        plan.planPresets();
        plan.planProjects();
        return plan;
    }

    private void planConfig() throws IOException {
        Path file = ccr.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no claude-code-router config at " + file);
        }
        JsonNode tree;
        try {
            tree = JsonTrees.read(JsonTrees.JSON5, Files.readString(file));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not valid JSON5: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(file + " holds no JSON object");
        }
        config = object.deepCopy();
        try {
            JsonTrees.read(JsonTrees.JSON, Files.readString(file));
        } catch (JacksonException e) {
            wontWork.add("config.json: it is written back as plain JSON, so its comments are not kept (the"
                    + " original stays in " + file + ")");
        }
        JsonNode transformers = config.path("transformers");
        for (int i = 0; i < transformers.size(); i++) {
            if (transformers.get(i) instanceof ObjectNode entry) {
                rewriteTransformer(entry, "transformers[" + i + "].path");
            }
        }
        for (String key : FILE_SETTINGS) {
            rewriteFile(config, key, key, home);
        }
        rewriteStatusScripts(config.path("StatusLine"), "StatusLine");
    }

    private void rewriteTransformer(ObjectNode entry, String where) {
        String written = entry.path("path").asString("").trim();
        if (written.isEmpty()) {
            return;
        }
        Path file = resolve(written);
        String lower = written.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".ts")) {
            wontWork.add(where + " " + written + ": TypeScript does not load (nor did it in ccr); compile it to .js");
        }
        if (!Files.isRegularFile(file)) {
            wontWork.add(where + " " + written + ": no such file; providers that use it will not validate");
            return;
        }
        Path plugins = ccr.resolve("plugins");
        Path target = home.resolve("plugins")
                .resolve(
                        file.startsWith(plugins)
                                ? plugins.relativize(file).toString()
                                : String.valueOf(file.getFileName()));
        // a transformer kept elsewhere is copied too: scripts load only from the plugins folders
        copies.put(target, new Copy(file, target));
        entry.put("path", target.toString());
        rewritten.add(where + ": " + written + " → " + target);
    }

    private void rewriteStatusScripts(JsonNode node, String where) {
        if (node instanceof ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                String at = where + "." + key;
                if (key.equals("scriptPath")) {
                    rewriteFile(object, key, at, home.resolve("scripts"));
                } else {
                    rewriteStatusScripts(object.get(key), at);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                rewriteStatusScripts(node.get(i), where + "[" + i + "]");
            }
        }
    }

    /** A file inside ccr's folder is copied into {@code into} and the setting pointed at the copy. */
    private void rewriteFile(ObjectNode owner, String key, String where, Path into) {
        String written = owner.path(key).asString("").trim();
        if (written.isEmpty()) {
            return;
        }
        Path file = resolve(written);
        if (!Files.isRegularFile(file)) {
            wontWork.add(where + " " + written + ": no such file");
            return;
        }
        if (!file.startsWith(ccr)) {
            return; // outside ccr's folder: it stays where it is and works from there
        }
        Path target = into.resolve(ccr.relativize(file).toString().replace('/', '-'));
        copies.put(target, new Copy(file, target));
        owner.put(key, target.toString());
        rewritten.add(where + ": " + written + " → " + target);
    }

    /** A path as ccr reads it: {@code ~}, {@code $HOME} and {@code ${HOME}} expanded, relative to its folder. */
    private Path resolve(String written) {
        String user = defaultFolder(env).getParent().toString();
        String text = written;
        if (text.equals("~") || text.startsWith("~/")) {
            text = user + text.substring(1);
        }
        text = text.replace("${HOME}", user).replace("$HOME", user);
        return ccr.resolve(text).toAbsolutePath().normalize();
    }

    private void planFolder(String name, Path into) throws IOException {
        Path from = ccr.resolve(name);
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                Path target = into.resolve(from.relativize(file).toString());
                copies.putIfAbsent(target, new Copy(file, target));
            }
        }
    }

    private void planPresets() throws IOException {
        Path from = ccr.resolve("presets");
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> entries = Files.list(from)) {
            entries.filter(Files::isDirectory)
                    .map(p -> String.valueOf(p.getFileName()))
                    .sorted()
                    .forEach(presets::add);
        }
        planFolder("presets", home.resolve("presets"));
    }

    /** Projects' and sessions' routes, {@code <project>/config.json} and {@code <project>/<session>.json}. */
    private void planProjects() throws IOException {
        try (Stream<Path> entries = Files.list(ccr)) {
            for (Path dir : entries.filter(Files::isDirectory).sorted().toList()) {
                String name = String.valueOf(dir.getFileName());
                if (NOT_PROJECTS.contains(name) || name.startsWith(".")) {
                    continue;
                }
                File[] json = dir.toFile().listFiles((d, n) -> n.endsWith(".json"));
                if (json != null && json.length > 0) {
                    projects.add(name);
                    Arrays.stream(json).sorted().forEach(f -> {
                        Path target = home.resolve(name).resolve(f.getName());
                        copies.put(target, new Copy(f.toPath(), target));
                    });
                }
            }
        }
    }

    /** The config with its paths rewritten. */
    ObjectNode config() {
        return java.util.Objects.requireNonNull(config).deepCopy();
    }

    List<Copy> copies() {
        return List.copyOf(copies.values());
    }

    List<String> rewritten() {
        return List.copyOf(rewritten);
    }

    List<String> wontWork() {
        return List.copyOf(wontWork);
    }

    List<String> projects() {
        return List.copyOf(projects);
    }

    List<String> presets() {
        return List.copyOf(presets);
    }

    Path ccr() {
        return ccr;
    }

    /** Copies that would replace a different file already there. */
    List<Path> clashes() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Copy c : copies.values()) {
            if (Files.exists(c.to()) && Files.mismatch(c.from(), c.to()) != -1) {
                out.add(c.to());
            }
        }
        return out;
    }

    /**
     * Copies the files; one that replaces a different file keeps that file beside it as
     * {@code <name>.<stamp>.bak}.
     *
     * @return the backups made
     */
    List<Path> copy(String stamp) throws IOException {
        List<Path> backups = new ArrayList<>();
        for (Copy c : copies.values()) {
            Files.createDirectories(c.to().getParent());
            if (Files.exists(c.to())) {
                if (Files.mismatch(c.from(), c.to()) == -1) {
                    continue;
                }
                Path backup = c.to().resolveSibling(c.to().getFileName() + "." + stamp + ".bak");
                Files.move(c.to(), backup);
                backups.add(backup);
            }
            Files.copy(c.from(), c.to());
        }
        return backups;
    }
}
