package dev.modelrouter.cli;

import dev.modelrouter.config.RouterConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code --settings} that {@code router code} gives Claude Code, as {@code ccr code} does: with
 * config.json's {@code StatusLine.enabled}, a status line drawn by {@code router statusline}; with a
 * preset, its {@code claudeCodeSettings} merged over that (its {@code env} merged key by key). A user who
 * passes {@code --settings} themselves keeps theirs alone (Claude Code takes only one).
 */
final class ClaudeSettings {

    private ClaudeSettings() {}

    /** The arguments to put before the user's: {@code --settings JSON}, or none. */
    static List<String> arguments(List<String> userArgs, @Nullable RouterConfig config, Map<String, String> env) {
        return arguments(userArgs, config, env, null);
    }

    /** {@link #arguments(List, RouterConfig, Map)} with a preset's {@code claudeCodeSettings} merged in. */
    static List<String> arguments(
            List<String> userArgs,
            @Nullable RouterConfig config,
            Map<String, String> env,
            @Nullable ObjectNode presetSettings) {
        if (passesSettings(userArgs)) {
            return List.of();
        }
        ObjectNode settings = CliJson.object();
        if (config != null && statusLineEnabled(config.raw())) {
            ObjectNode statusLine = CliJson.object();
            statusLine.put("type", "command");
            statusLine.put("command", statusLineCommand(env));
            statusLine.put("padding", 0);
            settings.set("statusLine", statusLine);
        }
        if (presetSettings != null) {
            for (Map.Entry<String, JsonNode> e : presetSettings.properties()) {
                JsonNode mine = settings.get(e.getKey());
                if (e.getKey().equals("env")
                        && mine instanceof ObjectNode o
                        && e.getValue().isObject()) {
                    o.setAll((ObjectNode) e.getValue().deepCopy());
                } else {
                    settings.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
        return settings.isEmpty() ? List.of() : List.of("--settings", CliJson.write(settings));
    }

    /** The {@code env} of a preset's {@code claudeCodeSettings} as strings, for Claude Code's own environment. */
    static Map<String, String> presetEnv(@Nullable ObjectNode presetSettings) {
        Map<String, String> env = new LinkedHashMap<>();
        if (presetSettings != null && presetSettings.path("env").isObject()) {
            for (Map.Entry<String, JsonNode> e : presetSettings.get("env").properties()) {
                if (!e.getValue().isNull()) {
                    env.put(
                            e.getKey(),
                            e.getValue().isString()
                                    ? e.getValue().asString()
                                    : e.getValue().toString());
                }
            }
        }
        return env;
    }

    static boolean statusLineEnabled(JsonNode raw) {
        JsonNode enabled = raw.path("StatusLine").path("enabled");
        return enabled.asBoolean(false) || enabled.asString("").equals("true");
    }

    private static boolean passesSettings(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--settings") || a.startsWith("--settings=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shell command that runs {@code router statusline}: {@code $ROUTER_BIN}, else this JVM's own
     * command line (the launcher script's path is not known in here) with the client commands' fast-start options.
     */
    static String statusLineCommand(Map<String, String> env) {
        String bin = env.getOrDefault("ROUTER_BIN", "").trim();
        if (!bin.isEmpty()) {
            return ClaudeEnv.shellQuote(bin) + " statusline";
        }
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        // the class path names the jar whole, even with a space in its path (sun.java.command does not)
        String classPath = System.getProperty("java.class.path", "");
        String launched = classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                ? classPath
                : System.getProperty("sun.java.command", "").split(" ", 2)[0];
        if (launched.endsWith(".jar")) {
            // scripts/router's class-data archive beside its extracted jar saves a third of the start
            Path archive = Path.of(launched).toAbsolutePath().resolveSibling("cli.jsa");
            if (Files.isRegularFile(archive)) {
                command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
            // a Spring Boot jar keeps the classes where -cp does not look
            command.add("-jar");
            command.add(launched);
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path", ""));
            command.add(RouterCli.class.getName());
        }
        command.add("statusline");
        List<String> quoted = new ArrayList<>();
        command.forEach(c -> quoted.add(ClaudeEnv.shellQuote(c)));
        return String.join(" ", quoted);
    }
}
