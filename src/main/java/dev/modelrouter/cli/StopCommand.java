package dev.modelrouter.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code router stop}. */
@Command(name = "stop", description = "Stop the background router.")
final class StopCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Lifecycle.of(spec).stop();
    }
}
