package dev.modelrouter.cli;

import dev.modelrouter.cli.launch.FileTrees;
import dev.modelrouter.config.ConfigFile;
import dev.modelrouter.config.JsonTrees;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code router preset}: claude-code-router's presets, in its format and in {@code $ROUTER_HOME/presets},
 * where {@code router import ccr} copies ccr's.
 */
@Command(
        name = "preset",
        description = "Export, install, list, show and delete presets (ccr's format).",
        subcommands = {
            PresetCommand.Export.class,
            PresetInstall.class,
            PresetCommand.ListPresets.class,
            PresetCommand.Info.class,
            PresetCommand.Delete.class
        })
final class PresetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code $ROUTER_HOME/presets}. */
    static Path folder(Map<String, String> env) {
        return RouterHome.resolve(env).dir().resolve("presets");
    }

    /**
     * The installed preset {@code name}.
     *
     * @throws IllegalArgumentException when the name is unsafe or nothing is installed under it
     */
    static Preset installed(Map<String, String> env, String name) throws IOException {
        Path manifest = folder(env).resolve(Preset.checkName(name)).resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException(
                    "no preset '" + name + "' in " + folder(env) + " (see `router preset list`)");
        }
        return Preset.read(manifest, name);
    }

    static String pretty(JsonNode node) {
        return CliJson.pretty(node) + "\n";
    }

    /** Runs {@code body}, printing an argument error and answering 1 instead of a stack trace. */
    static int guarded(PrintWriter err, Callable<Integer> body) throws Exception {
        try {
            return body.call();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    @Command(
            name = "export",
            description = {
                "Write the current config.json as preset NAME in $ROUTER_HOME/presets/NAME (or --output DIR), every",
                "secret replaced by an input that `router preset install` asks for."
            })
    static final class Export implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--output", paramLabel = "DIR", description = "the folder to write manifest.json into")
        Path output;

        @Option(names = "--description", paramLabel = "TEXT")
        String description = "";

        @Option(names = "--force", description = "replace a preset of that name")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> env = RouterCli.env(spec);
            return guarded(err, () -> {
                Path configFile = RouterHome.resolve(env).configFile();
                if (!Files.isRegularFile(configFile)) {
                    throw new IllegalArgumentException("no config at " + configFile + " to export");
                }
                JsonNode config;
                try {
                    config = JsonTrees.read(JsonTrees.JSON5, Files.readString(configFile));
                } catch (JacksonException e) {
                    throw new IllegalArgumentException(configFile + " is not valid JSON5: " + e.getOriginalMessage());
                }
                if (!(config instanceof ObjectNode object)) {
                    throw new IllegalArgumentException(configFile + " holds no JSON object");
                }
                Path dir = output != null ? output : folder(env).resolve(Preset.checkName(name));
                Path manifest = dir.resolve("manifest.json");
                if (Files.exists(manifest) && !force) {
                    throw new IllegalArgumentException(manifest + " exists; --force replaces it");
                }
                ObjectNode exported = PresetExport.of(name, object, description);
                new ConfigFile(manifest).write(pretty(exported));
                out.println("exported preset '" + name + "' to " + manifest + " (" + PresetExport.secrets(exported)
                        + " secrets replaced by inputs)");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List the installed presets.")
    static final class ListPresets implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Path folder = folder(RouterCli.env(spec));
            List<Path> dirs = List.of();
            if (Files.isDirectory(folder)) {
                try (Stream<Path> entries = Files.list(folder)) {
                    dirs = entries.filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
                            .sorted()
                            .toList();
                }
            }
            if (dirs.isEmpty()) {
                out.println("no presets in " + folder);
                return 0;
            }
            for (Path dir : dirs) {
                String name = String.valueOf(dir.getFileName());
                try {
                    Preset preset = Preset.read(dir.resolve("manifest.json"), name);
                    String version = preset.text("version");
                    String description = preset.text("description");
                    out.println(name
                            + (version.isEmpty() ? "" : " " + version)
                            + (description.isEmpty() ? "" : "  " + description));
                } catch (IllegalArgumentException e) {
                    out.println(name + "  (unreadable: " + e.getMessage() + ")");
                }
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Show a preset: its metadata, providers, routes and inputs.")
    static final class Info implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return guarded(spec.commandLine().getErr(), () -> {
                Preset preset = installed(RouterCli.env(spec), name);
                out.println("name: " + name);
                for (String key : List.of("version", "description", "author", "homepage", "ccrVersion")) {
                    if (!preset.text(key).isEmpty()) {
                        out.println(key + ": " + preset.text(key));
                    }
                }
                ObjectNode config = preset.config();
                config.path("Providers")
                        .forEach(p -> out.println("provider: " + p.path("name").asString("?") + " "
                                + p.path("api_base_url").asString("") + " " + p.path("models")));
                config.path("Router")
                        .properties()
                        .forEach(e -> out.println("route " + e.getKey() + ": "
                                + (e.getValue().isString() ? e.getValue().asString() : e.getValue())));
                Map<String, String> given = preset.userValues();
                for (Preset.Input input : preset.inputs()) {
                    out.println("input " + input.id() + " (" + input.type() + "): "
                            + (given.containsKey(input.id()) ? "set" : "not set"));
                }
                preset.executables().forEach(x -> out.println("runs: " + x));
                if (config.path("noServer").asBoolean(false)) {
                    out.println("noServer: Claude Code talks to the provider directly");
                }
                return 0;
            });
        }
    }

    @Command(name = "delete", description = "Delete an installed preset.")
    static final class Delete implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            return guarded(spec.commandLine().getErr(), () -> {
                Map<String, String> env = RouterCli.env(spec);
                installed(env, name);
                Path dir = folder(env).resolve(name);
                Map<String, String> presetEnv = new java.util.HashMap<>(env);
                presetEnv.put(RouterHome.ENV, dir.toString());
                PrintWriter err = spec.commandLine().getErr();
                if (new Lifecycle(presetEnv, err, err).running().isPresent()) {
                    throw new IllegalArgumentException("preset '" + name
                            + "' has a router running; stop it first: ROUTER_HOME=" + dir + " router stop");
                }
                FileTrees.delete(dir);
                spec.commandLine().getOut().println("deleted preset '" + name + "'");
                return 0;
            });
        }
    }
}
