package dev.modelrouter.cli;

import dev.modelrouter.TransformerCheck;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code router config validate [FILE]} and {@code router config path}. */
@Command(
        name = "config",
        description = "Check or locate the config file.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.PathCommand.class})
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "validate", description = "Validate a config file; exit code 0 when it is valid, 2 when not.")
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "default: $ROUTER_HOME/config.json")
        Path file;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path target = file != null
                    ? file
                    : RouterHome.resolve(RouterCli.env(spec)).configFile();
            try {
                RouterConfig config = ConfigSource.load(target, RouterCli.env(spec));
                List<String> problems = TransformerCheck.problems(config, RouterHome.resolve(RouterCli.env(spec)));
                if (!problems.isEmpty()) {
                    problems.forEach(p -> err.println(target + ": " + p));
                    return 2;
                }
                out.println(target + ": valid (" + config.providers().size() + " providers)");
                config.warnings().forEach(w -> out.println("warning: " + w));
                if (!config.inactiveKeys().isEmpty()) {
                    out.println("recognised, not active yet: " + String.join(", ", config.inactiveKeys()));
                }
                return 0;
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "path", description = "Print the config file's path.")
    static final class PathCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine()
                    .getOut()
                    .println(RouterHome.resolve(RouterCli.env(spec)).configFile());
        }
    }
}
