package dev.modelrouter.cli;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigFile;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouteEdit;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code router model}: the route table; {@code router model set <scenario> <provider,model>} switches
 * one scenario live. With a terminal and no arguments, a numbered picker.
 */
@Command(
        name = "model",
        description = "Show the route table, or pick a scenario's model (in a terminal).",
        subcommands = ModelCommand.Set.class)
final class ModelCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Lifecycle lifecycle = Lifecycle.of(spec);
        return lifecycle.whenRunning(daemon -> show(lifecycle.client(daemon)));
    }

    private int show(DaemonClient client) throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DaemonClient.Reply reply = client.get("/api/status", Duration.ofSeconds(3));
        if (!reply.ok()) {
            err.println("the router answered: " + reply.errorMessage());
            return 1;
        }
        JsonNode status = reply.json();
        StatusCommand.printRoutes(out, status.path("routes"));
        Console console = System.console();
        if (console == null) {
            return 0;
        }
        return pick(console, client, status, out, err);
    }

    private static int pick(Console console, DaemonClient client, JsonNode status, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        List<String> scenarios = new ArrayList<>();
        status.path("routes").properties().forEach(e -> scenarios.add(e.getKey()));
        List<String> targets = new ArrayList<>();
        for (JsonNode p : status.path("providers")) {
            p.path("models").forEach(m -> targets.add(p.path("name").asString() + "," + m.asString()));
        }
        out.println();
        for (int i = 0; i < scenarios.size(); i++) {
            out.printf("  %d) %s%n", i + 1, scenarios.get(i));
        }
        out.flush();
        int s = choose(console, "scenario to change (Enter to quit): ", scenarios.size());
        if (s < 0) {
            return 0;
        }
        for (int i = 0; i < targets.size(); i++) {
            out.printf("  %d) %s%n", i + 1, targets.get(i));
        }
        out.flush();
        int t = choose(console, "model for " + scenarios.get(s) + " (Enter to quit): ", targets.size());
        if (t < 0) {
            return 0;
        }
        return Set.apply(client, scenarios.get(s), targets.get(t), out, err);
    }

    private static int choose(Console console, String prompt, int size) {
        while (true) {
            String line = console.readLine("%s", prompt);
            if (line == null || line.isBlank()) {
                return -1;
            }
            try {
                int n = Integer.parseInt(line.trim());
                if (n >= 1 && n <= size) {
                    return n - 1;
                }
            } catch (NumberFormatException e) {
                // asked again below
            }
            console.printf("type a number from 1 to %d%n", size);
        }
    }

    /** {@code router model set <scenario> <provider,model>}. */
    @Command(
            name = "set",
            description = "Route a scenario (default, background, think, longContext, webSearch, image)"
                    + " to provider,model. Applies at once; config.json is edited in place, comments kept.")
    static final class Set implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "SCENARIO")
        String scenario;

        @Parameters(index = "1", paramLabel = "PROVIDER,MODEL")
        String target;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Lifecycle lifecycle = Lifecycle.of(spec);
            Optional<DaemonInfo> daemon = lifecycle.running();
            if (daemon.isPresent()) {
                int applied = apply(lifecycle.client(daemon.get()), scenario, target, out, err);
                if (applied != 2) {
                    lifecycle
                            .config(daemon)
                            .ifPresent(c -> ClaudeWindow.afterChange(
                                            ClaudeWindow.of(c, RouterCli.env(spec)), lifecycle.home())
                                    .ifPresent(out::println));
                }
                return applied;
            }
            Map<String, String> env = RouterCli.env(spec);
            // no daemon: edit the file the next start will read
            Path file = Optional.ofNullable(ConfigSource.file(null, env))
                    .orElse(lifecycle.home().configFile());
            try {
                ConfigFile config = new ConfigFile(file);
                String text = config.read().orElseGet(ConfigLoader::bundledExampleText);
                Optional<Path> backup = config.write(RouteEdit.setRoute(text, scenario, target, file, env));
                out.println(scenario + " -> " + target + ": wrote " + file
                        + backup.map(b -> " (previous version kept as " + b.getFileName() + ")")
                                .orElse("")
                        + "; model-router is not running, its next start uses it");
                ClaudeWindow.afterChange(ClaudeWindow.of(ConfigLoader.load(file, env), env), lifecycle.home())
                        .ifPresent(out::println);
                return 0;
            } catch (IllegalArgumentException | ConfigException e) {
                err.println(e.getMessage());
                return 2;
            }
        }

        static int apply(DaemonClient client, String scenario, String target, PrintWriter out, PrintWriter err)
                throws IOException, InterruptedException {
            String body = CliJson.write(CliJson.object().put("model", target));
            DaemonClient.Reply reply = client.put("/api/routes/" + encode(scenario), body);
            if (!reply.ok()) {
                err.println(reply.errorMessage());
                return 2;
            }
            JsonNode r = reply.json();
            out.println(scenario + " -> " + target + ": " + r.path("message").asString(""));
            return r.path("restartNeeded").asBoolean() ? 1 : 0;
        }

        private static String encode(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
