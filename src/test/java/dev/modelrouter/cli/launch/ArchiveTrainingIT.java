package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One archive training on the built jar, as a {@code java -jar} start and {@code scripts/router} run it:
 * its daemon forwards every training message to the loopback upstream, so the archive holds the request
 * path and not only the start-up. Needs {@code target/model-router.jar}, like {@code JarServeIT}.
 */
class ArchiveTrainingIT {

    private static final Path JAR = Path.of("target/model-router.jar");

    @TempDir
    Path dir;

    /** This JDK's class-data archive, and the ahead-of-time cache of a JDK 25 beside it where there is one. */
    static Stream<DaemonJava> daemonJdks() {
        return Stream.of(DaemonJava.current(), DaemonJava.find(Map.of())).distinct();
    }

    @ParameterizedTest
    @MethodSource("daemonJdks")
    void trainingSendsEveryMessageThroughTheDaemonToTheLoopbackUpstream(DaemonJava java) throws Exception {
        Prerequisites.require(
                Files.isRegularFile(JAR), JAR + " is missing; run ./mvnw -B -q package -DskipTests first");
        JarCache cache = JarCache.open(JAR.toAbsolutePath(), dir.resolve("cache"));
        List<String> options = new ArrayList<>(ChildJvm.DAEMON_OPTIONS);
        options.addAll(java.jdkOptions());
        if (cache.aot()) {
            options.add("-Dspring.aot.enabled=true");
        }
        Path archive = cache.archive(java);

        int answered = ArchiveTraining.record(
                new ArchiveTraining.Run(java, options, cache.appJar(), archive, false, List.of()));

        assertThat(answered).isEqualTo(ArchiveTraining.MESSAGES.size());
        assertThat(archive).isRegularFile();
        try (var left = Files.list(cache.dir())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".conf"));
        }
        // the JVM maps it: told to insist, it refuses to start without it
        List<String> cmd = new ArrayList<>(List.of(java.java()));
        cmd.addAll(options);
        cmd.addAll(java.startOptions(archive));
        cmd.addAll(List.of(
                java.aotCache() ? "-XX:AOTMode=on" : "-Xshare:on",
                "-jar",
                cache.appJar().toString(),
                "--version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).startsWith("model-router ");
    }
}
