package dev.modelrouter.cli;

import dev.modelrouter.cli.launch.FileTrees;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code router preset install}: a preset folder, zip or manifest file into {@code $ROUTER_HOME/presets}.
 * Inputs come from {@code --input}, then {@code ROUTER_PRESET_<ID>}, then a prompt when stdin is a
 * terminal, then the schema's default. A preset that names a program or plugin to run is refused unless
 * {@code --allow-executables} says its user has read it: a preset is someone else's file.
 */
@Command(
        name = "install",
        description = {
            "Install a preset (a folder or .zip with manifest.json, or a manifest file) into $ROUTER_HOME/presets.",
            "Inputs: --input ID=VALUE, else $ROUTER_PRESET_<ID>, else asked when stdin is a terminal, else the default."
        })
final class PresetInstall implements Callable<Integer> {

    /** Prefix of the environment variables that answer a preset's inputs. */
    static final String ENV_PREFIX = "ROUTER_PRESET_";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE|DIR")
    Path source;

    @Option(names = "--name", paramLabel = "NAME", description = "install under this name (default: the manifest's)")
    @Nullable
    String name;

    @Option(
            names = {"-i", "--input"},
            paramLabel = "ID=VALUE",
            description = "the value of an input")
    Map<String, String> given = new LinkedHashMap<>();

    @Option(
            names = "--allow-executables",
            description = {
                "install a preset that names a custom router, transformer plugin or script to run, and copy its other",
                "files; read them first"
            })
    boolean allowExecutables;

    @Option(names = "--force", description = "replace an installed preset of that name")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = RouterCli.env(spec);
        return PresetCommand.guarded(err, () -> {
            Map<String, byte[]> files = files(source);
            byte[] manifestBytes = files.remove("manifest.json");
            if (manifestBytes == null) {
                throw new IllegalArgumentException("no manifest.json in " + source);
            }
            Path tmp = Files.createTempFile("preset", ".json");
            Preset read;
            try {
                Files.write(tmp, manifestBytes);
                read = Preset.read(tmp, "");
            } finally {
                Files.delete(tmp);
            }
            String target = Preset.checkName(
                    name != null
                            ? name
                            : read.text("name").isBlank()
                                    ? String.valueOf(source.toAbsolutePath()
                                                    .normalize()
                                                    .getFileName())
                                            .replaceFirst("\\.(zip|json)$", "")
                                    : read.text("name"));
            List<String> executables = read.executables();
            if (!executables.isEmpty() && !allowExecutables) {
                err.println("nothing installed: preset '" + target + "' names files the router would run:");
                executables.forEach(x -> err.println("  " + x));
                err.println("read them, then re-run with --allow-executables to install it");
                return 1;
            }
            Path dir = PresetCommand.folder(env).resolve(target);
            if (Files.exists(dir) && !force) {
                throw new IllegalArgumentException("preset '" + target + "' is installed; --force replaces it");
            }
            Map<String, String> values = values(read, env, err);
            if (values == null) {
                return 1;
            }
            ObjectNode manifest = read.manifest().deepCopy();
            ObjectNode userValues = manifest.putObject("userValues");
            values.forEach(userValues::put);
            write(dir, manifest, allowExecutables ? files : Map.of());
            out.println("installed preset '" + target + "' into " + dir);
            if (!allowExecutables && !files.isEmpty()) {
                out.println("not copied (--allow-executables copies them): " + String.join(", ", files.keySet()));
            }
            out.println("run Claude Code with it: `router " + target + "` or `router code --preset " + target + "`");
            return 0;
        });
    }

    /** The value of every input, or {@code null} after naming the missing ones. */
    private @Nullable Map<String, String> values(Preset preset, Map<String, String> env, PrintWriter err) {
        Map<String, Preset.Input> inputs = new LinkedHashMap<>();
        preset.inputs().forEach(i -> inputs.put(i.id(), i));
        // a placeholder the schema does not declare is still asked for, as a secret
        Preset.placeholders(preset.resolved(Map.of()))
                .forEach(id -> inputs.putIfAbsent(id, new Preset.Input(id, "password", id, null, true)));
        Console console = System.console();
        Map<String, String> values = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (Preset.Input input : inputs.values()) {
            String value = given.get(input.id());
            if (value == null) {
                value = env.get(ENV_PREFIX + input.id().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
            }
            if (value == null && console != null) {
                value = ask(console, input);
            }
            if ((value == null || value.isEmpty()) && input.defaultValue() != null) {
                value = input.defaultValue();
            }
            if (value != null && !value.isEmpty()) {
                values.put(input.id(), value);
            } else if (input.required()) {
                missing.add(input.id());
            }
        }
        if (!missing.isEmpty()) {
            err.println("nothing installed: no value for " + String.join(", ", missing)
                    + "; give each with --input ID=VALUE" + " or " + ENV_PREFIX + "<ID>");
            return null;
        }
        return values;
    }

    private static @Nullable String ask(Console console, Preset.Input input) {
        String prompt = input.label()
                + (input.defaultValue() != null && !input.secret() ? " [" + input.defaultValue() + "]" : "") + ": ";
        if (input.secret()) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? null : new String(typed);
        }
        return console.readLine("%s", prompt);
    }

    /** The preset's files by relative path: a folder's, a zip's (one root folder stripped, as ccr does) or one manifest. */
    static Map<String, byte[]> files(Path source) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .toList()) {
                    files.put(safe(source.relativize(p).toString().replace('\\', '/')), Files.readAllBytes(p));
                }
            }
        } else if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no preset at " + source);
        } else if (source.toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            try (InputStream in = Files.newInputStream(source);
                    ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (!e.isDirectory()) {
                        files.put(safe(e.getName()), zip.readAllBytes());
                    }
                }
            }
            return stripRoot(files);
        } else {
            files.put("manifest.json", Files.readAllBytes(source));
        }
        return files;
    }

    private static Map<String, byte[]> stripRoot(Map<String, byte[]> files) {
        Set<String> roots = new java.util.HashSet<>();
        files.keySet().forEach(k -> roots.add(k.contains("/") ? k.substring(0, k.indexOf('/')) : ""));
        if (files.containsKey("manifest.json") || roots.size() != 1 || roots.contains("")) {
            return files;
        }
        Map<String, byte[]> stripped = new TreeMap<>();
        files.forEach((k, v) -> stripped.put(k.substring(k.indexOf('/') + 1), v));
        return stripped;
    }

    /** A relative path that stays inside the preset's folder (no zip-slip). */
    private static String safe(String entry) {
        Path p = Path.of(entry).normalize();
        if (p.isAbsolute() || p.startsWith("..") || entry.startsWith("/")) {
            throw new IllegalArgumentException("preset file outside its folder: " + entry);
        }
        return p.toString().replace('\\', '/');
    }

    /** Writes the preset next to its final place, then moves it there, so a failed install leaves nothing half-done. */
    private static void write(Path dir, ObjectNode manifest, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(dir.getParent());
        Path staging = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path to = staging.resolve(f.getKey());
                Files.createDirectories(to.getParent());
                Files.write(to, f.getValue());
            }
            Path manifestFile = staging.resolve("manifest.json");
            Files.writeString(manifestFile, PresetCommand.pretty(manifest), StandardCharsets.UTF_8);
            try {
                // it holds the secrets given at install
                Files.setPosixFilePermissions(manifestFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions apply
            }
            FileTrees.delete(dir);
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(staging);
        }
    }
}
