package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.cli.launch.DaemonJava;
import dev.modelrouter.cli.launch.JarCache;
import dev.modelrouter.cli.launch.Launcher;
import dev.modelrouter.testing.Prerequisites;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/model-router.jar serve}, black-box, as the README says users start it: the jar's
 * launcher relaunches the daemon from a layout extracted once into {@code $ROUTER_HOME/cache/jar-<key>},
 * trains its class-data archive in the background, and a SIGTERM to the process the user started stops
 * the daemon it started. Needs a jar of the compiled classes, like {@link DaemonLifecycleIT}.
 */
class JarServeIT {

    private static final Duration DEADLINE = Duration.ofMinutes(5);

    @TempDir
    Path home;

    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeEach
    void requireAJarOfTheseClasses() {
        Prerequisites.require(
                Files.isRegularFile(DaemonLifecycleIT.JAR),
                DaemonLifecycleIT.JAR + " is missing; run ./mvnw -B -q package -DskipTests first");
        List<String> differing = DaemonLifecycleIT.classesNotInJar();
        Prerequisites.require(
                differing.isEmpty(),
                DaemonLifecycleIT.JAR + " is stale (" + differing.size()
                        + " class files differ); run ./mvnw -B -q package -DskipTests first");
    }

    @AfterEach
    void killLeftovers() {
        started.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void servesFromTheCachedLayoutAndStopsItsChildOnSigterm() throws Exception {
        Process parent = serve(Optional.empty());
        ProcessHandle child = theDaemonChild(parent);
        Path cacheDir = home.resolve("cache").resolve("jar-" + JarCache.key(DaemonLifecycleIT.JAR));
        assertThat(child.info().commandLine().orElse(""))
                .contains(cacheDir.resolve("model-router.jar").toString())
                .contains("-XX:Tier4InvocationThreshold=20000");
        // the archive is trained in the background; the next start maps it
        JarCache cache = new JarCache(cacheDir, cacheDir.resolve("model-router.jar"), true);
        DaemonJava java = DaemonJava.find(System.getenv());
        Path archive = cache.archive(java);
        assertThat(child.info().commandLine().orElse("")).contains(String.join(" ", java.jdkOptions()));
        await("the start-up archive " + archive, () -> Files.isRegularFile(archive));

        parent.destroy();

        await("the started JVM to exit", () -> !parent.isAlive());
        await("the daemon it started to exit", () -> !child.isAlive());
        try (Stream<Path> entries = Files.list(home.resolve("cache"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".lock")))
                    .as("one layout, no staging folder left")
                    .containsExactly(cacheDir.getFileName().toString());
        }

        Process again = serve(Optional.empty());
        assertThat(theDaemonChild(again).info().commandLine().orElse(""))
                .startsWith(java.java())
                .contains(java.startOptions(archive).get(0));
        again.destroy();
        await("the second start to exit", () -> !again.isAlive());
        // each start ran on the daemon's JDK, said so, and the JVM warned of nothing (its warnings shout)
        try (Stream<Path> outs =
                Files.list(home).filter(f -> f.getFileName().toString().startsWith("serve-"))) {
            for (Path out : outs.toList()) {
                assertThat(Files.readString(out))
                        .contains("java: " + java.runtimeVersion() + " (")
                        .doesNotContain("WARNING");
            }
        }
    }

    @Test
    void theDaemonStopsWhenItsLauncherIsKilled() throws Exception {
        Process parent = serve(Optional.empty());
        ProcessHandle child = theDaemonChild(parent);

        parent.destroyForcibly(); // SIGKILL: no shutdown hook of the launcher runs

        await("the orphaned daemon to stop by itself", () -> !child.isAlive());
        await(
                "the archive's training run, if any, to stop by itself",
                () -> ProcessHandle.allProcesses()
                        .noneMatch(p -> p.info().commandLine().orElse("").contains(home.toString())));
    }

    @Test
    void theSwitchKeepsTheDaemonInTheStartedJvm() throws Exception {
        Process p = serve(Optional.of(Launcher.NO_RELAUNCH_ENV));
        assertThat(p.toHandle().children()).isEmpty();
        assertThat(home.resolve("cache")).doesNotExist();
        p.destroy();
        await("the daemon to exit", () -> !p.isAlive());
    }

    /** Starts {@code java -jar JAR serve} on a free port and waits until {@code /health} answers. */
    private Process serve(Optional<String> setEnv) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        DaemonLifecycleIT.JAR.toString(),
                        "serve",
                        "--port",
                        Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("serve-" + port + ".out").toFile());
        pb.environment().put("ROUTER_HOME", home.toString());
        pb.environment().remove(Launcher.NO_RELAUNCH_ENV);
        setEnv.ifPresent(name -> pb.environment().put(name, "1"));
        Process p = pb.start();
        started.add(p.toHandle());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(10))
                .build();
        await("/health on port " + port, () -> {
            try {
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                assertThat(p.isAlive()).as("the started JVM is alive").isTrue();
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return p;
    }

    private ProcessHandle theDaemonChild(Process parent) {
        // besides the archive's training run (and its making of an ahead-of-time cache), on the first start
        List<ProcessHandle> children = parent.toHandle()
                .children()
                .filter(c -> !c.info().commandLine().orElse("").matches(".*-XX:(ArchiveClassesAtExit|AOTMode=).*"))
                .toList();
        assertThat(children).as("the JVM the launcher started").hasSize(1);
        // killed after the test even when a broken launcher left it orphaned
        started.add(children.get(0));
        return children.get(0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(end);
            Thread.sleep(100);
        }
    }
}
