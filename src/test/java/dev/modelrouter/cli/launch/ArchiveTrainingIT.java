package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One archive training on the built jar, as a {@code java -jar} start and {@code scripts/router} run it:
 * its daemon forwards every training message to the loopback upstream, so the archive holds the request
 * path and not only the start-up. Needs {@code target/model-router.jar}, like {@code JarServeIT}.
 */
class ArchiveTrainingIT {

    private static final Path JAR = Path.of("target/model-router.jar");

    @TempDir
    Path dir;

    @Test
    void trainingSendsEveryMessageThroughTheDaemonToTheLoopbackUpstream() throws Exception {
        Prerequisites.require(
                Files.isRegularFile(JAR), JAR + " is missing; run ./mvnw -B -q package -DskipTests first");
        JarCache cache = JarCache.open(JAR.toAbsolutePath(), dir.resolve("cache"));
        List<String> options = new ArrayList<>(ChildJvm.DAEMON_OPTIONS);
        if (cache.aot()) {
            options.add("-Dspring.aot.enabled=true");
        }

        int answered = ArchiveTraining.record(
                new ArchiveTraining.Run(options, cache.appJar(), cache.archive(), false, List.of()));

        assertThat(answered).isEqualTo(ArchiveTraining.MESSAGES.size());
        assertThat(cache.archive()).isRegularFile();
        try (var left = Files.list(cache.dir())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
