package dev.modelrouter.cli;

import dev.modelrouter.TransformerCheck;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigFile;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code router import ccr}: takes over a claude-code-router setup. */
@Command(name = "import", description = "Import another router's setup.", subcommands = ImportCommand.Ccr.class)
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "ccr",
            description = {
                "Copy ~/.claude-code-router (config.json, plugins, presets, custom router, projects' routes) into",
                "$ROUTER_HOME, rewrite its paths to the copies and validate it. Exit code 0 when it imported and",
                "validates, 2 when it imported but does not validate, 1 when nothing was imported."
            })
    static final class Ccr implements Callable<Integer> {

        private static final DateTimeFormatter STAMP =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--from", paramLabel = "DIR", description = "the ccr folder (default: ~/.claude-code-router)")
        Path from;

        @Option(names = "--force", description = "replace files already in $ROUTER_HOME (each kept as a .bak)")
        boolean force;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Map<String, String> env = RouterCli.env(spec);
            RouterHome home = RouterHome.resolve(env);
            CcrImport plan;
            try {
                plan = CcrImport.plan(from != null ? from : CcrImport.defaultFolder(env), home.dir(), env);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 1;
            }
            List<Path> clashes = new ArrayList<>(plan.clashes());
            if (Files.exists(home.configFile())) {
                clashes.add(0, home.configFile());
            }
            if (!clashes.isEmpty() && !force) {
                err.println("nothing imported: these exist in " + home.dir() + " and would be replaced:");
                clashes.forEach(c -> err.println("  " + c));
                err.println("run `router import ccr --force` to replace them (each is kept as a .bak file)");
                return 1;
            }
            String stamp = STAMP.format(Instant.now());
            List<Path> backups = new ArrayList<>(plan.copy(stamp));
            String text = JsonMapper.builder()
                    .build()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(plan.config());
            Optional<Path> previous = new ConfigFile(home.configFile()).write(text + "\n");
            previous.ifPresent(p -> backups.add(0, p));
            report(out, plan, home, backups);
            return validate(out, err, plan, home, env);
        }

        private static void report(PrintWriter out, CcrImport plan, RouterHome home, List<Path> backups) {
            out.println("imported claude-code-router from " + plan.ccr() + " into " + home.dir() + ":");
            out.println("  config.json → " + home.configFile());
            for (CcrImport.Copy c : plan.copies()) {
                out.println("  " + plan.ccr().relativize(c.from()) + " → " + c.to());
            }
            if (!plan.presets().isEmpty()) {
                out.println("  presets: " + String.join(", ", plan.presets()));
            }
            if (!plan.projects().isEmpty()) {
                out.println("  projects' routes: " + String.join(", ", plan.projects()));
            }
            if (!plan.rewritten().isEmpty()) {
                out.println("paths rewritten:");
                plan.rewritten().forEach(r -> out.println("  " + r));
            }
            if (!backups.isEmpty()) {
                out.println("replaced, kept as:");
                backups.forEach(b -> out.println("  " + b));
            }
        }

        private static int validate(
                PrintWriter out, PrintWriter err, CcrImport plan, RouterHome home, Map<String, String> env) {
            List<String> wontWork = new ArrayList<>(plan.wontWork());
            int exit = 0;
            try {
                RouterConfig config = ConfigLoader.load(home.configFile(), env);
                List<String> problems = TransformerCheck.problems(config, home);
                problems.forEach(p -> wontWork.add(p));
                config.warnings().forEach(w -> wontWork.add(w));
                config.inactiveKeys().forEach(k -> wontWork.add(k + ": recognised, not acted on yet"));
                if (problems.isEmpty()) {
                    out.println("valid: " + config.providers().size() + " providers");
                } else {
                    exit = 2;
                }
            } catch (ConfigException e) {
                err.println(e.getMessage());
                exit = 2;
            }
            if (!wontWork.isEmpty()) {
                out.println("will not work as in ccr:");
                wontWork.forEach(w -> out.println("  " + w));
            }
            out.println(
                    exit == 0
                            ? "start it with `router start` (or `router restart` if it runs)"
                            : "fix " + home.configFile() + " and check it with `router config validate`");
            return exit;
        }
    }
}
