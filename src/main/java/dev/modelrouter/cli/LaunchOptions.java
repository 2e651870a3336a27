package dev.modelrouter.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What {@code router start} and {@code router restart} share: the port option and the daemon's lifecycle. */
final class LaunchOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "listen on this port instead of the config's PORT")
    Integer port;

    /** The lifecycle of the background daemon, talking on the command's own output streams. */
    Lifecycle lifecycle() {
        return Lifecycle.of(spec);
    }
}
