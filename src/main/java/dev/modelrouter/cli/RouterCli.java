package dev.modelrouter.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code router} command. Client commands never boot Spring; only {@code serve} does. */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        modelTransformer = RouterCli.NoAtFiles.class,
        description = "Routes Claude Code and other Anthropic/OpenAI clients to the right model.",
        subcommands = {
            ServeCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class, StatusCommand.class,
            CodeCommand.class, ModelCommand.class, ActivateCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class})
public final class RouterCli implements Runnable {

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

    /** Runs the CLI and exits with the command's exit code. */
    public static void main(String[] args) {
        int code = new CommandLine(new RouterCli()).execute(args);
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
