package dev.modelrouter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code router start}: runs the daemon in the background and waits until it answers. */
@Command(name = "start", description = "Start the router in the background (logs in $ROUTER_HOME/logs/).")
final class StartCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (default: $ROUTER_HOME/config.json)")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "listen on this port instead of the config's PORT")
    Integer port;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return new Lifecycle(RouterCli.env(spec), cl.getOut(), cl.getErr()).start(config, port);
    }
}
