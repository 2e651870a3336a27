package dev.modelrouter.cli;

import dev.modelrouter.config.JsonTrees;
import dev.modelrouter.config.RouterHome;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * {@code router statusline}: Claude Code's status-line command ({@code router code} configures it when
 * config.json's {@code StatusLine.enabled} is true). Reads Claude Code's status JSON on stdin and prints
 * one line drawn as config.json's {@code StatusLine} says. It runs on every refresh, so it reads files
 * directly (no {@code git} process; the daemon is asked only for a {@code speed} module, scripts only
 * for {@code script} modules, each within a short limit) and never fails: whatever cannot be known is
 * left out.
 */
@Command(name = "statusline", description = "Print Claude Code's status line for the status JSON on stdin (config.json's StatusLine).")
final class StatuslineCommand implements Callable<Integer> {

    /** More status JSON than Claude Code ever sends; the rest is not read. */
    static final int MAX_INPUT = 1 << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String line;
        try {
            Map<String, String> env = RouterCli.env(spec);
            boolean simpleIcons = "true".equals(env.get("USE_SIMPLE_ICONS"))
                    || "dumb".equals(env.get("TERM")) || "unknown".equals(env.get("TERM"));
            Path config = configFile(env);
            StatusLineTheme theme = StatusLineTheme.of(statusLine(config), simpleIcons,
                    config == null ? Path.of("config.json") : config);
            JsonNode input = input();
            Map<String, String> vars = StatusVariables.of(input);
            if (theme.has("speed")) {
                StatusSpeed.add(vars, input.path("session_id").asString(""), env);
            }
            line = theme.render(vars, env);
        } catch (RuntimeException | Error e) {
            line = "";
        }
        out.println(line.isEmpty() ? "model-router" : line);
        out.flush();
        return 0;
    }

    /** config.json: the running daemon's config file, else the home's; null when there is none. */
    private static @Nullable Path configFile(Map<String, String> env) {
        try {
            return DaemonInfo.read(RouterHome.resolve(env).pidFile()).map(DaemonInfo::config).map(Path::of)
                    .filter(Files::isRegularFile)
                    .or(() -> Optional.ofNullable(ConfigSource.file(null, env)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The file's {@code StatusLine}; missing when there is none. */
    private static JsonNode statusLine(@Nullable Path file) {
        if (file == null) {
            return MissingNode.getInstance();
        }
        try {
            return JsonTrees.read(JsonTrees.JSON5, Files.readString(file, StandardCharsets.UTF_8)).path("StatusLine");
        } catch (IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * Whether stdin is a terminal. From JDK 22 {@code System.console()} exists even when stdin is a pipe,
     * and {@code Console.isTerminal()} (added then) says which; on 17 a console means a terminal.
     */
    private static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJdk) {
            return true;
        }
    }

    /** The status JSON on stdin; missing when it is a terminal, empty or not JSON. */
    private static JsonNode input() {
        if (interactive()) {
            return MissingNode.getInstance();
        }
        try {
            InputStream in = System.in;
            String text = new String(in.readNBytes(MAX_INPUT), StandardCharsets.UTF_8);
            return text.isBlank() ? MissingNode.getInstance() : CliJson.read(text);
        } catch (IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }
}
