package dev.modelrouter.cli;

import dev.modelrouter.config.RouterConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code router activate}: {@code eval "$(router activate)"} points this shell's claude at the router. */
@Command(
        name = "activate",
        description = "Print export lines; eval \"$(router activate)\" makes claude in this shell use the router.")
final class ActivateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Lifecycle lifecycle = Lifecycle.of(spec);
        Optional<DaemonInfo> daemon = lifecycle.running();
        Optional<RouterConfig> config = lifecycle.config(daemon);
        String baseUrl = daemon.map(DaemonInfo::baseUrl)
                .orElseGet(() -> new DaemonInfo(
                                -1,
                                config.map(RouterConfig::host).orElse(RouterConfig.DEFAULT_HOST),
                                config.map(RouterConfig::port).orElse(RouterConfig.DEFAULT_PORT),
                                null)
                        .baseUrl());
        if (daemon.isEmpty()) {
            spec.commandLine().getErr().println("# model-router is not running; start it with `router start`");
        }
        Map<String, String> env = RouterCli.env(spec);
        ClaudeEnv.of(env, baseUrl, config.orElse(null))
                .shellLines()
                .forEach(spec.commandLine().getOut()::println);
        config.flatMap(c -> ClaudeWindow.of(c, env)).ifPresent(w -> {
            ClaudeWindow.record(lifecycle.home(), w, "router activate");
            spec.commandLine().getErr().println("# " + ClaudeWindow.describe(w));
        });
        return 0;
    }
}
