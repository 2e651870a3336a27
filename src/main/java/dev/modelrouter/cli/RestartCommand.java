package dev.modelrouter.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code router restart}: stop, then start; the way to apply a new HOST or PORT. */
@Command(name = "restart", description = "Stop the background router, then start it again.")
final class RestartCommand implements Callable<Integer> {

    @Mixin
    LaunchOptions launch;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (default: the running daemon's)")
    Path config;

    @Override
    public Integer call() {
        Lifecycle lifecycle = launch.lifecycle();
        Path file = config;
        if (file == null) {
            file = lifecycle.running().map(DaemonInfo::config).map(Path::of).orElse(null);
        }
        int stopped = lifecycle.stop();
        return stopped != 0 ? stopped : lifecycle.start(file, launch.port);
    }
}
