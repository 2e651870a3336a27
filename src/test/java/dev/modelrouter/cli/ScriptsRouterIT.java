package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.cli.launch.DaemonJava;
import dev.modelrouter.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/router} as a user runs it, in a checkout of its own (the script, the built jar and the
 * example config, with no sources, so it never builds): {@code install} and {@code uninstall}, the status
 * line {@code router code} gives Claude Code through the installed link, a moved checkout's class-data
 * archives, which the JVM refuses at the new place, and archives whose making was interrupted.
 */
class ScriptsRouterIT {

    static final Path JAR = Path.of("target/model-router.jar");

    @TempDir
    static Path shared;

    /** A checkout whose archives are made (once for the class). */
    static Path prepared;

    record Run(int exit, String out) {}

    @BeforeAll
    static void prepareACheckout() throws Exception {
        Prerequisites.require(
                Files.isRegularFile(JAR), JAR + " is missing; run ./mvnw -B -q package -DskipTests first");
        Prerequisites.require(
                DaemonLifecycleIT.classesNotInJar().isEmpty(),
                JAR + " is stale; run ./mvnw -B -q package -DskipTests first");
        prepared = shared.resolve("checkout");
        Files.createDirectories(prepared.resolve("scripts"));
        Files.createDirectories(prepared.resolve("target"));
        Files.copy(Path.of("scripts/router"), prepared.resolve("scripts/router"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("router-config.example.json"), prepared.resolve("router-config.example.json"));
        Files.copy(JAR, prepared.resolve("target/model-router.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Run first = run(prepared.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("preparing the class-data archives (once per build)");
        assertThat(prepared.resolve("target/cli/cli.jsa")).exists();
    }

    static Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return runWithInput(script, env, null, args);
    }

    static Run runWithInput(Path script, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ROUTER_") || k.startsWith("ANTHROPIC_") || k.startsWith("CLAUDE"));
        pb.environment().put("ROUTER_HOME", shared.resolve("router-home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(out).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** Whether the JVM maps the checkout's client archive, as {@code -Xshare:on} insists. */
    static int sharedRun(Path checkout) throws IOException, InterruptedException {
        Path cli = checkout.resolve("target/cli").toAbsolutePath();
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:SharedArchiveFile=" + cli.resolve("cli.jsa"),
                        "-Xshare:on",
                        "-jar",
                        cli.resolve("model-router.jar").toString(),
                        "--version")
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aMovedCheckoutMakesItsClassDataArchivesAgainAndSaysSoOnce() throws Exception {
        Path moved = shared.resolve("moved");
        copyPreservingTimes(prepared, moved);
        assertThat(sharedRun(moved))
                .as("the premise: the JVM refuses the archive at the new place")
                .isNotZero();

        Run first = run(moved.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");

        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out())
                .isEqualTo("the class-data archives were made for " + prepared.resolve("target/cli")
                        + " (a moved or copied checkout); making them again for " + moved.resolve("target/cli")
                        + " (once) ...\n"
                        + "model-router " + DaemonLifecycleIT.pomVersion() + "\n");
        assertThat(sharedRun(moved)).as("the archive made here is mapped").isZero();
        Run second = run(moved.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");
        assertThat(second.out()).isEqualTo("model-router " + DaemonLifecycleIT.pomVersion() + "\n");
    }

    @Test
    void routerJavaPicksTheDaemonsJdkAndAChangeOfItMakesItsArchiveAgainOnce() throws Exception {
        Path chosen = shared.resolve("chosen");
        copyPreservingTimes(prepared, chosen);
        Path cli = chosen.resolve("target/cli");
        // as if trained here without ROUTER_JAVA (not a moved checkout, which is trained again anyway)
        Files.writeString(cli.resolve("archives-made-for"), cli + "\n\n");
        // this JDK (17 here) where the training chose another (a JDK 25 beside it), or the other way round
        DaemonJava found = DaemonJava.find(Map.of());
        String home = System.getProperty("java.home");
        Map<String, String> env = Map.of("HOME", shared.toString(), DaemonJava.ENV, home);

        Run first = run(chosen.resolve("scripts/router"), env, "--version");

        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out())
                .isEqualTo("the start-up archive was made for another JDK (ROUTER_JAVA changed); making it again"
                        + " (once) ...\nmodel-router " + DaemonLifecycleIT.pomVersion() + "\n");
        assertThat(Files.readAllLines(cli.resolve(DaemonJava.TRAINED)).get(0))
                .isEqualTo(Path.of(home, "bin", "java").toString());
        assertThat(trainedArchive(cli).getFileName().toString())
                .isEqualTo(DaemonJava.current().archiveName())
                .isNotEqualTo(found.equals(DaemonJava.current()) ? "" : found.archiveName());
        Run second = run(chosen.resolve("scripts/router"), env, "--version");
        assertThat(second.out()).isEqualTo("model-router " + DaemonLifecycleIT.pomVersion() + "\n");
    }

    @Test
    void anInterruptedFirstRunMakesTheArchivesAtTheNextOneAndOnlyOnePreparerRunsAtATime() throws Exception {
        Path interrupted = interruptedCopy("interrupted");
        Path cli = interrupted.resolve("target/cli");
        String version = "model-router " + DaemonLifecycleIT.pomVersion() + "\n";

        Process holder = new ProcessBuilder(
                        "flock", interrupted.resolve("target/cli.lock").toString(), "sleep", "120")
                .start();
        try {
            // the holder has the lock once flock runs its command
            for (int i = 0; i < 200 && !holderHasLock(holder); i++) {
                Thread.sleep(50);
            }
            assertThat(holderHasLock(holder))
                    .as("the premise: flock holds the lock")
                    .isTrue();
            Run whilePreparing =
                    run(interrupted.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");
            assertThat(whilePreparing.exit()).as(whilePreparing.out()).isZero();
            assertThat(whilePreparing.out())
                    .as("another preparer holds the lock: this run uses the jar as it is")
                    .isEqualTo(version);
            assertThat(cli.resolve("cli.jsa")).doesNotExist();
        } finally {
            // sleep holds the lock too (it inherits flock's descriptor)
            holder.descendants().forEach(ProcessHandle::destroy);
            holder.destroy();
            holder.waitFor(10, TimeUnit.SECONDS);
        }

        Run next = run(interrupted.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");

        assertThat(next.exit()).as(next.out()).isZero();
        assertThat(next.out())
                .isEqualTo("the class-data archives were not finished (an interrupted first run); making them (once)"
                        + " ...\n" + version);
        assertThat(trainedArchive(cli)).exists();
        assertThat(sharedRun(interrupted)).as("the archive made now is mapped").isZero();
        Run after = run(interrupted.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");
        assertThat(after.out()).isEqualTo(version);
    }

    @Test
    void aCheckoutWhereTheLockCannotBeMadePreparesAsBefore() throws Exception {
        Path lockless = interruptedCopy("lockless");
        // a folder where the lock file would go: opening it fails, for root too (as a read-only checkout would)
        Files.deleteIfExists(lockless.resolve("target/cli.lock"));
        Files.createDirectory(lockless.resolve("target/cli.lock"));

        Run run = run(lockless.resolve("scripts/router"), Map.of("HOME", shared.toString()), "--version");

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .isEqualTo("the class-data archives were not finished (an interrupted first run); making them (once)"
                        + " ...\nmodel-router " + DaemonLifecycleIT.pomVersion() + "\n");
    }

    /**
     * A copy of the prepared checkout as a Ctrl-C during "preparing the class-data archives" leaves it: the
     * extracted jar, no archive and no sign of a finished training.
     */
    private static Path interruptedCopy(String name) throws IOException {
        Path copy = shared.resolve(name);
        copyPreservingTimes(prepared, copy);
        Path cli = copy.resolve("target/cli");
        Files.delete(cli.resolve("archives-made-for"));
        Files.delete(cli.resolve("cli.jsa"));
        Files.delete(trainedArchive(cli));
        Files.delete(cli.resolve(DaemonJava.TRAINED));
        return copy;
    }

    /**
     * The daemon's archive the training named in {@code daemon.java}, beside the JDK it was made for and
     * that JDK's own options.
     */
    static Path trainedArchive(Path cli) throws IOException {
        List<String> trained = Files.readAllLines(cli.resolve(DaemonJava.TRAINED));
        assertThat(trained).hasSize(3);
        assertThat(Path.of(trained.get(0))).isExecutable();
        assertThat(trained.get(2))
                .isEqualTo(String.join(" ", DaemonJava.at(trained.get(0)).jdkOptions()));
        return cli.resolve(trained.get(1));
    }

    private static boolean holderHasLock(Process holder) {
        return holder.children().anyMatch(c -> c.info().command().orElse("").endsWith("sleep"));
    }

    private static void copyPreservingTimes(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void installLinksRouterWhoseStatusLineClaudeCodeRunsAndUninstallRemovesIt() throws Exception {
        Path home = shared.resolve("home");
        Files.createDirectories(home);
        Path link = home.resolve(".local/bin/router");
        Map<String, String> env = Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin");

        Run install = run(prepared.resolve("scripts/router"), env, "install");

        assertThat(install.exit()).as(install.out()).isZero();
        assertThat(install.out())
                .isEqualTo("linked " + link + " -> " + prepared.resolve("scripts/router") + "\n"
                        + "to undo: scripts/router uninstall (or rm " + link + ")\n"
                        + home.resolve(".local/bin") + " is not on your PATH; add it, e.g. in ~/.bashrc: export PATH=\""
                        + home.resolve(".local/bin") + ":$PATH\"\n");
        assertThat(Files.readSymbolicLink(link)).isEqualTo(prepared.resolve("scripts/router"));

        Path routerHome = shared.resolve("router-home");
        Files.createDirectories(routerHome);
        Path config = routerHome.resolve("config.json");
        Files.writeString(
                config,
                CliTest.CONFIG
                        .formatted(3456)
                        .replace("\"APIKEY\"", "\"StatusLine\": {\"enabled\": true}, \"APIKEY\""));
        Path record = shared.resolve("claude-args");
        Path claude = shared.resolve("fake-claude");
        Files.writeString(claude, """
                #!/bin/sh
                : > '%1$s'
                for a in "$@"; do printf '%%s\\0' "$a" >> '%1$s'; done
                """.formatted(record));
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        try (FakeDaemon daemon = new FakeDaemon(routerHome, config)) {
            Run code = run(
                    link,
                    Map.of(
                            "HOME",
                            home.toString(),
                            "PATH",
                            home.resolve(".local/bin") + ":/usr/bin:/bin",
                            "CLAUDE_PATH",
                            claude.toString(),
                            ClaudeOnboarding.KEEP_ENV,
                            "1"),
                    "code",
                    "-p",
                    "hi");
            assertThat(code.exit()).as(code.out()).isZero();
        }
        String recorded = Files.readString(record);
        List<String> args =
                Arrays.asList(recorded.substring(0, recorded.length() - 1).split("\0", -1));
        assertThat(args.get(0)).isEqualTo("--settings");
        assertThat(CliJson.read(args.get(1)).path("statusLine").path("command").asString())
                .isEqualTo("'" + link + "' statusline");
        Run statusline = runWithInput(link, env, "{}", "statusline");
        assertThat(statusline.exit()).as(statusline.out()).isZero();

        Run uninstall = run(prepared.resolve("scripts/router"), env, "uninstall");

        assertThat(uninstall.exit()).isZero();
        assertThat(uninstall.out()).isEqualTo("removed " + link + "\n");
        assertThat(link).doesNotExist();
    }
}
