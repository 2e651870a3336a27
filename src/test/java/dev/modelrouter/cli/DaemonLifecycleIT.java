package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * start, status, restart, stop and --version against a real daemon process, run from the built jar
 * exactly as a user would. The jar must hold the very class files just compiled (compared byte for
 * byte, not by file time): a jar that does not is skipped with the reason on a developer's machine and
 * fails where {@code ROUTER_REQUIRE_ALL=1} ({@code .ci/run}, which builds it first).
 */
class DaemonLifecycleIT {

    static final Path JAR = Path.of("target/model-router.jar");
    static final Path CLASSES = Path.of("target/classes");

    @TempDir
    Path home;

    record Run(int exit, String out) {}

    @BeforeEach
    void requireAJarOfTheseClasses() {
        Prerequisites.require(Files.isDirectory(CLASSES), CLASSES + " is missing; compile first");
        Prerequisites.require(
                Files.isRegularFile(JAR), JAR + " is missing; run ./mvnw -B -q package -DskipTests first");
        List<String> differing = classesNotInJar();
        Prerequisites.require(
                differing.isEmpty(),
                JAR + " is stale: it does not hold the compiled " + differing.size()
                        + " class file(s) " + differing.subList(0, Math.min(5, differing.size()))
                        + "; run ./mvnw -B -q package -DskipTests first");
    }

    /** The compiled class files the jar does not hold with the same bytes, as paths under target/classes. */
    static List<String> classesNotInJar() {
        try (JarFile jar = new JarFile(JAR.toFile());
                Stream<Path> files = Files.walk(CLASSES)) {
            List<String> differing = new ArrayList<>();
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = CLASSES.relativize(file).toString().replace('\\', '/');
                ZipEntry entry = jar.getEntry("BOOT-INF/classes/" + name);
                if (entry == null || !Arrays.equals(Files.readAllBytes(file), bytes(jar, entry))) {
                    differing.add(name);
                }
            }
            return differing;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JarFile jar, ZipEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    @TempDir
    Path clonedRepo;

    /** Variables the CLI gets beside {@code ROUTER_HOME}. */
    private final Map<String, String> env = new HashMap<>();

    /** Where the CLI runs; {@code null}: the build's folder. */
    private @Nullable Path workingDir;

    private Run router(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().put("ROUTER_HOME", home.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private Run ok(String... args) throws IOException, InterruptedException {
        Run run = router(args);
        assertThat(run.exit())
                .as("router %s:\n%s", String.join(" ", args), run.out())
                .isZero();
        return run;
    }

    @AfterEach
    void killLeftovers() {
        DaemonInfo.read(home.resolve("router.pid"))
                .flatMap(i -> ProcessHandle.of(i.pid()))
                .ifPresent(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The project's version in pom.xml, which the jar's manifest must carry. */
    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>model-router</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("the project version in pom.xml").isTrue();
        return m.group(1);
    }

    @Test
    void startsReportsAndStopsARealDaemonOnTheBundledConfig() throws Exception {
        int port = freePort();

        Run start = ok("start", "--port", Integer.toString(port));
        assertThat(start.out()).contains("model-router running at http://127.0.0.1:" + port);
        DaemonInfo info = DaemonInfo.read(home.resolve("router.pid")).orElseThrow();
        assertThat(info.port()).isEqualTo(port);

        Run status = ok("status");
        assertThat(status.out())
                .as("the CLI read the admin token the daemon made")
                .doesNotContain("not available");
        assertThat(status.out())
                .contains("model-router " + pomVersion() + " is running at http://127.0.0.1:" + port + " (pid "
                        + info.pid())
                .contains("config:    " + home.resolve("config.json")
                        + "  (not there yet: running on the bundled example)\n");
        JsonNode json = CliJson.read(ok("status", "--json").out());
        assertThat(json.path("bundledConfig").isBoolean()).as(json.toString()).isTrue();
        assertThat(json.path("bundledConfig").asBoolean()).isTrue();
        assertThat(json.path("version").asString()).isEqualTo(pomVersion());

        assertThat(router("start").out()).contains("already running");

        ok("stop");
        assertThat(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(home.resolve("router.pid")).doesNotExist();
        assertThat(router("status").exit()).isEqualTo(3);
    }

    @Test
    void restartReplacesTheDaemonWithOneOnTheNewPort() throws Exception {
        int first = freePort();
        ok("start", "--port", Integer.toString(first));
        DaemonInfo before = DaemonInfo.read(home.resolve("router.pid")).orElseThrow();
        int second = freePort();

        Run restart = ok("restart", "--port", Integer.toString(second));

        assertThat(restart.out())
                .contains("stopped model-router (pid " + before.pid() + ")")
                .contains("model-router running at http://127.0.0.1:" + second);
        DaemonInfo after = DaemonInfo.read(home.resolve("router.pid")).orElseThrow();
        assertThat(after.pid()).isNotEqualTo(before.pid());
        assertThat(after.port()).isEqualTo(second);
        assertThat(ProcessHandle.of(before.pid()).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(ok("status").out()).contains("is running at http://127.0.0.1:" + second + " (pid " + after.pid());
        ok("stop");
    }

    @Test
    void aDaemonStartedInsideARepositoryIgnoresSpringSettingsFoundThereOrExported() throws Exception {
        // what a cloned repository could hold: Spring settings in the folder `router code` is run from
        Path repo = clonedRepo;
        Path written = repo.resolve("written-by-the-daemon.txt");
        Files.createDirectories(repo.resolve("config"));
        Files.writeString(repo.resolve("config/logback-repo.xml"), """
                <configuration>
                  <appender name="F" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>text the repository chose%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="F"/></root>
                </configuration>
                """.formatted(written));
        Files.writeString(repo.resolve("config/application.properties"), "logging.config=config/logback-repo.xml\n");
        Files.writeString(repo.resolve("application.properties"), "spring.main.web-application-type=none\n");
        workingDir = repo;
        // and settings the user exported for a Spring application of their own
        env.put("LOGGING_CONFIG", repo.resolve("config/logback-repo.xml").toString());
        env.put("SPRING_MAIN_WEB_APPLICATION_TYPE", "none");
        env.put("LOGGING_LEVEL_ROOT", "TRACE");
        int port = freePort();

        Run start = ok("start", "--port", Integer.toString(port));

        assertThat(start.out()).contains("model-router running at http://127.0.0.1:" + port);
        assertThat(ok("status").out()).contains("is running at http://127.0.0.1:" + port);
        ok("stop");
        assertThat(written)
                .as("the repository's logging configuration was not used")
                .doesNotExist();
        assertThat(Files.readString(home.resolve("logs/router.log")))
                .as("the exported log level was not used")
                .doesNotContain(" TRACE ", " DEBUG ");
    }

    @Test
    void versionPrintsTheProjectVersionFromTheJarsManifest() throws Exception {
        for (String flag : List.of("--version", "-V")) {
            assertThat(ok(flag).out()).as(flag).isEqualTo("model-router " + pomVersion() + "\n");
        }
    }
}
