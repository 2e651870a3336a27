package dev.modelrouter.cli;

import dev.modelrouter.RouterApplication;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The {@code router} command. Client commands never boot Spring; only {@code serve} does. Its own
 * options are declared in code ({@link #spec(RouterCli)}) rather than read from annotations: picocli's
 * reflection over an annotated command costs every client command tens of milliseconds.
 */
public final class RouterCli implements Runnable {

    /**
     * The subcommands by name, in help order; named here rather than read from their annotations,
     * which would cost every client command the parsing of ten annotations (a test keeps them equal).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "serve",
            ServeCommand.class,
            "start",
            StartCommand.class,
            "stop",
            StopCommand.class,
            "restart",
            RestartCommand.class,
            "status",
            StatusCommand.class,
            "code",
            CodeCommand.class,
            "ui",
            UiCommand.class,
            "model",
            ModelCommand.class,
            "activate",
            ActivateCommand.class,
            "statusline",
            StatuslineCommand.class,
            "config",
            ConfigCommand.class,
            "explain",
            ExplainCommand.class,
            "import",
            ImportCommand.class,
            "preset",
            PresetCommand.class,
            "help",
            CommandLine.HelpCommand.class);

    /** The names of the version option; {@code -v} too, as most command-line tools take it. */
    static final List<String> VERSION_NAMES = List.of("-V", "-v", "--version");

    /** Exit code of {@code status} (and client commands) when no daemon runs, as in LSB init scripts. */
    static final int NOT_RUNNING = 3;

    private final Map<String, String> env;

    private CommandLine.Model.@Nullable CommandSpec spec;

    public RouterCli() {
        this(System.getenv());
    }

    /** @param env the environment the commands see ({@code ROUTER_HOME}, {@code CLAUDE_PATH}, ...) */
    RouterCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void run() {
        CommandLine cl = Objects.requireNonNull(spec).commandLine();
        cl.usage(cl.getOut());
    }

    /** The environment of the {@code router} command a subcommand belongs to. */
    static Map<String, String> env(CommandLine.Model.CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof RouterCli cli ? cli.env : System.getenv();
    }

    /**
     * The command line for these arguments. picocli reflects over every subcommand it is given, which
     * costs a client command a third of its run time, so a known subcommand gets only itself; anything
     * else (help, options, a typo) gets them all, but {@code --version} none.
     */
    static CommandLine commandLine(RouterCli cli, String... args) {
        CommandLine cl = new CommandLine(spec(cli));
        Class<?> only = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        // a CommandLine of its own applies the subcommand's model transformer (picocli skips it in addSubcommand)
        boolean version = args.length == 1 && VERSION_NAMES.contains(args[0]);
        if (only != null) {
            cl.addSubcommand(withHelpOption(new CommandLine(only)));
        } else if (!version) {
            SUBCOMMANDS.values().forEach(c -> cl.addSubcommand(withHelpOption(new CommandLine(c))));
        }
        return cl;
    }

    /**
     * {@code -h}/{@code --help} on {@code sub} and on each of its own subcommands, added here rather than by
     * {@code mixinStandardHelpOptions} on every class, which would also add a {@code --version} that knows
     * no version. {@code code} is left alone: its arguments are Claude Code's, and it answers a leading
     * {@code --help} itself.
     */
    private static CommandLine withHelpOption(CommandLine sub) {
        CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
        boolean passThrough = spec.userObject() instanceof CodeCommand;
        if (!passThrough && spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                    .usageHelp(true)
                    .description("Show this help message and exit.")
                    .build());
        }
        sub.getSubcommands().values().forEach(RouterCli::withHelpOption);
        return sub;
    }

    /** What {@code @Command(name = "router", mixinStandardHelpOptions = true, ...)} would declare. */
    static CommandLine.Model.CommandSpec spec(RouterCli cli) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.wrapWithoutInspection(cli)
                .name("router")
                .versionProvider(new Version())
                .addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("Show this help message and exit.")
                        .build())
                .addOption(CommandLine.Model.OptionSpec.builder(VERSION_NAMES.toArray(String[]::new))
                        .versionHelp(true)
                        .description("Print version information and exit.")
                        .build());
        spec.usageMessage().description("Routes Claude Code and other Anthropic/OpenAI clients to the right model.");
        // `router code @file` must reach Claude Code as typed
        spec.parser().expandAtFiles(false);
        cli.spec = spec;
        return spec;
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
        // picocli's documented switch: without it, its default factory looks for Groovy's Closure class,
        // and a class that is nowhere makes the class loader open every jar of the class path (~80)
        System.setProperty("picocli.disable.closures", "true");
        if (args.length > 0 && args[0].equals("serve")) {
            RouterApplication.preload();
        }
        RouterCli cli = new RouterCli();
        args = PresetRun.expand(cli.env, args, SUBCOMMANDS.keySet());
        int code = commandLine(cli, args).execute(args);
        if (code != 0 || !ServeCommand.running()) {
            System.exit(code);
        }
    }
}
