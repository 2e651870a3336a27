package dev.modelrouter.cli;

import dev.modelrouter.RouterApplication;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code router} command. Client commands never boot Spring; only {@code serve} does. */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        modelTransformer = RouterCli.NoAtFiles.class,
        description = "Routes Claude Code and other Anthropic/OpenAI clients to the right model.")
public final class RouterCli implements Runnable {

    /**
     * The subcommands by name, in help order; named here rather than read from their annotations,
     * which would cost every client command the parsing of ten annotations (a test keeps them equal).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "serve", ServeCommand.class, "start", StartCommand.class, "stop", StopCommand.class,
            "restart", RestartCommand.class, "status", StatusCommand.class, "code", CodeCommand.class,
            "model", ModelCommand.class, "activate", ActivateCommand.class, "config", ConfigCommand.class,
            "help", CommandLine.HelpCommand.class);

    /** Exit code of {@code status} (and client commands) when no daemon runs, as in LSB init scripts. */
    static final int NOT_RUNNING = 3;

    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public RouterCli() {
        this(System.getenv());
    }

    /** @param env the environment the commands see ({@code ROUTER_HOME}, {@code CLAUDE_PATH}, ...) */
    RouterCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The environment of the {@code router} command a subcommand belongs to. */
    static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof RouterCli cli ? cli.env : System.getenv();
    }

    /**
     * The command line for these arguments. picocli reflects over every subcommand it is given, which
     * costs a client command a third of its run time, so a known subcommand gets only itself; anything
     * else (help, options, a typo) gets them all.
     */
    static CommandLine commandLine(RouterCli cli, String... args) {
        CommandLine cl = new CommandLine(cli);
        Class<?> only = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        // a CommandLine of its own applies the subcommand's model transformer (picocli skips it in addSubcommand)
        if (only != null) {
            cl.addSubcommand(new CommandLine(only));
        } else {
            SUBCOMMANDS.values().forEach(c -> cl.addSubcommand(new CommandLine(c)));
        }
        return cl;
    }

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** Runs the CLI and exits with the command's exit code. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("serve")) {
            RouterApplication.preload();
        }
        int code = commandLine(new RouterCli(), args).execute(args);
        if (code != 0 || !ServeCommand.running()) {
            System.exit(code);
        }
    }

    /** {@code router code @file} must reach Claude Code as typed, so {@code @file} arguments are never expanded. */
    static final class NoAtFiles implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.parser().expandAtFiles(false);
            return spec;
        }
    }
}
