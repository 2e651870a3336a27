package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * start, status, stop against a real daemon process, run from the built jar exactly as a user would.
 * Skipped when target/model-router.jar is missing or older than the compiled classes (`./mvnw verify`
 * packages after testing, so build the jar first to run it).
 */
class DaemonLifecycleIT {

    static final Path JAR = Path.of("target/model-router.jar");

    @TempDir
    Path home;

    record Run(int exit, String out, long millis) {}

    private Run router(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ROUTER_HOME", home.toString());
        long begin = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, (System.nanoTime() - begin) / 1_000_000);
    }

    @AfterEach
    void killLeftovers() {
        DaemonInfo.read(home.resolve("router.pid")).flatMap(i -> ProcessHandle.of(i.pid())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void startsReportsAndStopsARealDaemon() throws Exception {
        Path classes = Path.of("target/classes/dev/modelrouter/cli/Lifecycle.class");
        assumeTrue(Files.exists(JAR) && Files.exists(classes)
                && !Files.getLastModifiedTime(JAR).toInstant().isBefore(Files.getLastModifiedTime(classes).toInstant()),
                "target/model-router.jar is missing or stale; run ./mvnw -B -q package -DskipTests first");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        Run start = router("start", "--port", Integer.toString(port));
        assertThat(start.exit()).as(start.out()).isZero();
        assertThat(start.out()).contains("model-router running at http://127.0.0.1:" + port);
        DaemonInfo info = DaemonInfo.read(home.resolve("router.pid")).orElseThrow();
        assertThat(info.port()).isEqualTo(port);

        Run status = router("status");
        assertThat(status.exit()).as(status.out()).isZero();
        assertThat(status.out()).contains("is running at http://127.0.0.1:" + port + " (pid " + info.pid());
        assertThat(status.out()).as("the CLI read the admin token the daemon made").doesNotContain("not available");
        System.out.println("router status took " + status.millis() + " ms");

        assertThat(router("start").out()).contains("already running");

        Run stop = router("stop");
        assertThat(stop.exit()).as(stop.out()).isZero();
        assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(home.resolve("router.pid")).doesNotExist();
        assertThat(router("status").exit()).isEqualTo(3);
    }
}
