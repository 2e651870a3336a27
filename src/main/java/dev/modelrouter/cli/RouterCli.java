package dev.modelrouter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code router} command. Client commands never boot Spring; only {@code serve} does. */
@Command(
        name = "router",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Routes Claude Code and other Anthropic/OpenAI clients to the right model.",
        subcommands = {ServeCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class RouterCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the CLI and exits with the command's exit code. */
    public static void main(String[] args) {
        int code = new CommandLine(new RouterCli()).execute(args);
        if (code != 0 || !ServeCommand.running()) {
            System.exit(code);
        }
    }
}
