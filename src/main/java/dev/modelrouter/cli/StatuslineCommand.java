package dev.modelrouter.cli;

import dev.modelrouter.config.CompactWindow;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.JsonTrees;
import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Target;
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
import java.util.function.ToIntFunction;
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
@Command(
        name = "statusline",
        description = "Print Claude Code's status line for the status JSON on stdin (config.json's StatusLine).")
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
                    || "dumb".equals(env.get("TERM"))
                    || "unknown".equals(env.get("TERM"));
            Path config = configFile(env);
            StatusLineTheme theme = StatusLineTheme.of(
                    statusLine(config), simpleIcons, config == null ? Path.of("config.json") : config);
            JsonNode input = input();
            RouterConfig loaded = load(config, env);
            Map<String, String> vars = StatusVariables.of(input, windowOf(loaded, env));
            if (theme.has("speed")) {
                StatusSpeed.add(vars, input.path("session_id").asString(""), env);
            }
            line = join(theme.render(vars, env), switchHint(input, loaded, env));
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
            return DaemonInfo.read(RouterHome.resolve(env).pidFile())
                    .map(DaemonInfo::config)
                    .map(Path::of)
                    .filter(Files::isRegularFile)
                    .or(() -> Optional.ofNullable(ConfigSource.file(null, env)))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The context window of the model behind a name the transcript gives: the router answers with the model
     * name Claude Code asked for, so {@code provider,model} (after {@code /model}) or a name a provider lists
     * is looked up as such, and any other name (Claude Code's own, such as {@code claude-opus-5-5}) stands for
     * the routes, whose window is the one {@code router code} told Claude Code ({@link ClaudeWindow}). From
     * config.json when it loads, the learned windows and the built-in table; 0 when unknown.
     */
    private static ToIntFunction<String> windowOf(@Nullable RouterConfig loaded, Map<String, String> env) {
        return model -> {
            try {
                ModelWindows windows = ModelWindows.of(RouterHome.resolve(env));
                if (loaded == null) {
                    return windows.ofName(model).context();
                }
                ModelLimits named = windows.ofModel(loaded, model);
                boolean routed = Target.parse(model).isPresent()
                        || loaded.providers().stream().anyMatch(p -> p.hasModel(model));
                if (routed && named.knowsContext()) {
                    return named.context();
                }
                return CompactWindow.of(loaded, windows)
                        .map(CompactWindow::window)
                        .orElse(named.context());
            } catch (RuntimeException e) {
                return 0;
            }
        };
    }

    private static @Nullable RouterConfig load(@Nullable Path config, Map<String, String> env) {
        try {
            return config == null ? null : ConfigLoader.load(config, env);
        } catch (ConfigException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The restart hint when the model Claude Code now asks for ({@code model.id}, which a {@code /model}
     * switch changes at once) has another window than the one this Claude Code compacts within: the
     * status line is the one place the router can say so inside Claude Code, since Claude Code reads its
     * window only at start. "" when they agree or either is unknown.
     */
    private static String switchHint(JsonNode input, @Nullable RouterConfig loaded, Map<String, String> env) {
        String asked = input.path("model").path("id").asString("").trim();
        if (loaded == null || asked.isEmpty()) {
            return "";
        }
        try {
            int told = ClaudeWindow.told(env, RouterHome.resolve(env));
            return ClaudeWindow.switchHint(asked, told, ClaudeWindow.of(loaded, env, Target.parse(asked)));
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String join(String line, String hint) {
        return hint.isEmpty() ? line : line.isEmpty() ? hint : line + "  " + hint;
    }

    /** The file's {@code StatusLine}; missing when there is none. */
    private static JsonNode statusLine(@Nullable Path file) {
        if (file == null) {
            return MissingNode.getInstance();
        }
        try {
            return JsonTrees.read(JsonTrees.JSON5, Files.readString(file, StandardCharsets.UTF_8))
                    .path("StatusLine");
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
