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
        CommandLine cl = spec.commandLine();
        return new Lifecycle(RouterCli.env(spec), cl.getOut(), cl.getErr()).stop();
    }
}
