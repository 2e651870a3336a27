package dev.modelrouter.cli;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code router code [args...]}: Claude Code through the router. Starts the daemon when none runs (and
 * leaves it running afterwards, for the next session), then runs {@code claude} with every argument
 * exactly as given and the terminal inherited, after a {@code --settings} for the status line when config.json
 * enables one ({@link ClaudeSettings}). The exit code is Claude Code's.
 */
@Command(
        name = "code",
        modelTransformer = CodeCommand.PassThrough.class,
        description = {
            "Run Claude Code through the router; every argument goes to claude unchanged.",
            "A first -h or --help shows this; `router code -- --help` shows Claude Code's own help (a first `--` is dropped)."
        })
final class CodeCommand implements Callable<Integer> {

    /** Exit code when claude cannot be run, as a shell reports a missing command. */
    static final int NOT_FOUND = 127;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "arguments for claude")
    List<String> args = new ArrayList<>();

    /** The preset's {@code claudeCodeSettings}, when Claude Code runs one that has them. */
    private @Nullable ObjectNode presetSettings;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!args.isEmpty() && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        Map<String, String> env = RouterCli.env(spec);
        PrintWriter err = spec.commandLine().getErr();
        args = new ArrayList<>(args);
        Optional<String> preset = PresetRun.take(args);
        if (preset.isPresent()) {
            try {
                PresetRun.Launch launch = PresetRun.prepare(env, preset.get());
                presetSettings = launch.claudeCodeSettings();
                if (launch.direct() != null) {
                    return runDirect(env, launch.direct());
                }
                env = launch.env();
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        Map<String, String> sessionEnv = env;
        Lifecycle lifecycle = new Lifecycle(sessionEnv, err, err);
        boolean alreadyRunning = lifecycle.running().isPresent();
        return lifecycle.started(
                "Claude Code was not started", daemon -> runClaude(lifecycle, daemon, alreadyRunning, sessionEnv));
    }

    /**
     * A {@code noServer} preset, as ccr runs one: no router at all, Claude Code pointed at the provider
     * with its key; the main config still gives {@code API_TIMEOUT_MS}, {@code NON_INTERACTIVE_MODE},
     * {@code CLAUDE_PATH} and the status line.
     */
    private int runDirect(Map<String, String> env, PresetRun.Direct direct) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        RouterConfig main = null;
        try {
            main = new Lifecycle(env, err, err).config(Optional.empty()).orElse(null);
        } catch (RuntimeException e) {
            // a broken main config only costs its defaults here
        }
        ClaudeEnv claudeEnv = ClaudeEnv.of(env, direct.baseUrl(), main);
        Map<String, String> set = new LinkedHashMap<>(claudeEnv.set());
        if (direct.apiKey() != null) {
            set.put("ANTHROPIC_AUTH_TOKEN", direct.apiKey());
        }
        return launch(new ClaudeEnv(set, claudeEnv.unset()), env, main);
    }

    private int runClaude(Lifecycle lifecycle, DaemonInfo daemon, boolean alreadyRunning, Map<String, String> env)
            throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<RouterConfig> config = lifecycle.config(Optional.of(daemon));
        if (config.isEmpty()) {
            err.println("warning: the router's config does not load, so APIKEY, API_TIMEOUT_MS and NON_INTERACTIVE_MODE"
                    + " take their defaults for this session (`router config validate` shows why)");
        } else if (alreadyRunning) {
            // a start has said it already
            SetupAdvice.ofRunning(lifecycle.client(daemon), config.get()).print(err);
        }
        Optional<Target> asked = ClaudeWindow.askedModel(claudeArgs());
        config.flatMap(c -> ClaudeWindow.of(c, env, asked))
                .ifPresent(w -> ClaudeWindow.record(lifecycle.home(), w, "router code"));
        return launch(ClaudeEnv.of(env, daemon.baseUrl(), config.orElse(null), asked), env, config.orElse(null));
    }

    /** The arguments that belong to claude, without a leading {@code --}. */
    private List<String> claudeArgs() {
        return !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    }

    /** Runs claude with {@code claudeEnv} and the user's arguments; its exit code. */
    private int launch(ClaudeEnv claudeEnv, Map<String, String> env, @Nullable RouterConfig config)
            throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        List<String> claudeArgs = claudeArgs();
        String claude = claudePath(env, config);
        List<String> command = new ArrayList<>();
        command.add(claude);
        command.addAll(ClaudeSettings.arguments(claudeArgs, config, env, presetSettings));
        command.addAll(claudeArgs);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().clear();
        pb.environment().putAll(env);
        claudeEnv.applyTo(pb.environment());
        // a preset's claudeCodeSettings.env wins, as ccr merges it over its own variables
        pb.environment().putAll(ClaudeSettings.presetEnv(presetSettings));
        ClaudeOnboarding.markDone(pb.environment(), err);
        err.flush();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            err.println("cannot run " + claude + ": " + e.getMessage() + "; install Claude Code"
                    + " (npm install -g @anthropic-ai/claude-code) or set CLAUDE_PATH to the claude executable");
            return NOT_FOUND;
        }
        Signals.ignoreInterrupt();
        return process.waitFor();
    }

    /** {@code $CLAUDE_PATH}, else config.json's {@code CLAUDE_PATH}, else {@code claude} on the PATH. */
    static String claudePath(Map<String, String> env, @Nullable RouterConfig config) {
        String fromEnv = env.getOrDefault("CLAUDE_PATH", "").trim();
        if (!fromEnv.isEmpty()) {
            return fromEnv;
        }
        String fromConfig = config == null
                ? ""
                : config.raw().path("CLAUDE_PATH").asString("").trim();
        return fromConfig.isEmpty() ? "claude" : fromConfig;
    }

    /**
     * Everything after {@code code} belongs to claude: options such as {@code -p} or {@code --help}, a
     * {@code --}, {@code @file}; picocli must neither interpret nor drop any of them.
     */
    static final class PassThrough implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().unmatchedOptionsArePositionalParams(true);
            spec.parser().endOfOptionsDelimiter("\u0000router-no-end-of-options");
            spec.parser().expandAtFiles(false);
            return spec;
        }
    }
}
