package dev.modelrouter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code router start}: runs the daemon in the background and waits until it answers. */
@Command(name = "start", description = "Start the router in the background (logs in $ROUTER_HOME/logs/).")
final class StartCommand implements Callable<Integer> {

    @Mixin
    LaunchOptions launch;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (default: $ROUTER_HOME/config.json)")
    Path config;

    @Override
    public Integer call() {
        return launch.lifecycle().start(config, launch.port);
    }
}
