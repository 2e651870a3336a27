package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.internal.PlatformDependent;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir
    Path dir;

    private JarCache cache(boolean aot) {
        return new JarCache(dir, dir.resolve("model-router.jar"), aot);
    }

    @Test
    void usersOptionsFollowTheDaemonsSoTheyWin() {
        ChildJvm child = ChildJvm.of(
                cache(true), DaemonJava.current(), new String[] {"-Xmx1g", "-Dx=y", "-jar", "r.jar", "serve"});
        assertThat(child.options()).startsWith(ChildJvm.DAEMON_OPTIONS.toArray(String[]::new));
        assertThat(child.options()).endsWith("-Dspring.aot.enabled=true", "-Xmx1g", "-Dx=y");
    }

    /**
     * The daemon's options start this JVM without a word: no warning on the console or in the daemon's
     * log, also where the kernel has transparent huge pages switched off (the JVM then warns unless told).
     */
    @Test
    void daemonOptionsStartTheJvmWithoutWarnings() throws IOException, InterruptedException {
        // on this JDK, and on the one the daemon runs on here when that is another (a JDK 25 beside it)
        for (String javaCommand : Stream.of(DaemonJava.current(), DaemonJava.find(Map.of()))
                .map(DaemonJava::java)
                .distinct()
                .toList()) {
            List<String> cmd = new ArrayList<>(List.of(javaCommand));
            cmd.addAll(ChildJvm.DAEMON_OPTIONS);
            cmd.addAll(DaemonJava.at(javaCommand).jdkOptions());
            cmd.add("-version");
            Process java = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(java.exitValue()).as(out).isZero();
            assertThat(out)
                    .as(javaCommand)
                    .doesNotContainIgnoringCase("warning")
                    .contains("version");
        }
    }

    @Test
    void theDaemonsJdkAddsItsOwnOptionsBeforeTheUsers() {
        DaemonJava jdk25 = new DaemonJava("/jdk/bin/java", 25, "25.0.3");
        ChildJvm child = ChildJvm.of(cache(false), jdk25, new String[] {"-Xmx1g", "-jar", "r.jar", "serve"});
        assertThat(child.options()).endsWith("--sun-misc-unsafe-memory-access=allow", "-Xmx1g");
        assertThat(child.command(new String[] {"serve"})).startsWith("/jdk/bin/java");
    }

    /**
     * On the daemon's JDK, with the daemon's options and that JDK's own, Netty runs on {@code Unsafe} as on
     * JDK 17 (from JDK 25 on it keeps off it unless the JVM allows it) and the JVM prints no warning.
     */
    @Test
    void nettyUsesUnsafeOnTheDaemonsJdk() throws Exception {
        DaemonJava daemon = DaemonJava.find(Map.of());
        List<String> cmd = new ArrayList<>(List.of(daemon.java()));
        cmd.addAll(ChildJvm.DAEMON_OPTIONS);
        cmd.addAll(daemon.jdkOptions());
        cmd.addAll(List.of(
                "-cp",
                location(NettyUnsafeProbe.class) + File.pathSeparator + location(PlatformDependent.class),
                NettyUnsafeProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(daemon.java()).isEqualToIgnoringNewLines("unsafe=true");
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    @Test
    void usersCollectorReplacesTheSerialOne() {
        ChildJvm child = ChildJvm.of(
                cache(false), DaemonJava.current(), new String[] {"-XX:+UseG1GC", "-jar", "r.jar", "serve"});
        assertThat(child.options()).contains("-XX:+UseG1GC").doesNotContain("-XX:+UseSerialGC");
        assertThat(child.options()).doesNotContain("-Dspring.aot.enabled=true");
    }

    @Test
    void collectorOptionsAreTheUseSomethingGcSwitches() {
        assertThat(List.of(
                        "-XX:+UseG1GC",
                        "-XX:+UseZGC",
                        "-XX:+UseShenandoahGC",
                        "-XX:+UseParallelGC",
                        "-XX:+UseSerialGC"))
                .allMatch(ChildJvm::collector);
        assertThat(List.of("-XX:-UseG1GC", "-XX:+UseCompressedOops", "-XX:+UseG1GCx", "-XX:+Use-GC", "-Xmx1g", "GC"))
                .noneMatch(ChildJvm::collector);
    }

    @Test
    void usersOtherOptionsKeepTheSerialCollector() {
        ChildJvm child = ChildJvm.of(
                cache(false), DaemonJava.current(), new String[] {"-XX:+UseCompressedOops", "-jar", "r.jar", "serve"});
        assertThat(child.options()).contains("-XX:+UseSerialGC", "-XX:+UseCompressedOops");
    }

    @Test
    void withoutJarTheArgumentsAreNotTakenForOptions() {
        ChildJvm child = ChildJvm.of(cache(false), DaemonJava.current(), new String[] {"-cp", "x", "Main", "serve"});
        assertThat(child.options()).isEqualTo(ChildJvm.DAEMON_OPTIONS);
    }

    @Test
    void commandUsesTheArchiveOnlyOnceItExists() throws IOException {
        ChildJvm child = ChildJvm.of(cache(false), DaemonJava.current(), new String[0]);
        List<String> before = child.command(new String[] {"serve", "--port", "1"});
        assertThat(before).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        assertThat(before).endsWith("-jar", dir.resolve("model-router.jar").toString(), "serve", "--port", "1");

        Files.writeString(cache(false).archive(DaemonJava.current()), "archive");

        assertThat(child.command(new String[] {"serve"}))
                .contains("-XX:SharedArchiveFile=" + cache(false).archive(DaemonJava.current()));
    }

    @Test
    void aJdk25DaemonStartsFromItsAheadOfTimeCache() throws IOException {
        DaemonJava jdk25 = new DaemonJava("/opt/jdk-25/bin/java", 25, "25.0.3+9-LTS");
        ChildJvm child = ChildJvm.of(cache(false), jdk25, new String[0]);
        Files.writeString(cache(false).archive(jdk25), "cache");

        List<String> command = child.command(new String[] {"serve"});

        assertThat(command.get(0)).isEqualTo("/opt/jdk-25/bin/java");
        assertThat(command)
                .contains("-XX:AOTCache=" + dir.resolve("daemon-25.0.3+9-LTS.aot"))
                .noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void aMaximumHeapBelowTheDaemonsInitialOneDropsItsHeapSizing() {
        ChildJvm child =
                ChildJvm.of(cache(false), DaemonJava.current(), new String[] {"-Xmx64m", "-jar", "r.jar", "serve"});
        assertThat(child.options()).contains("-XX:+UseSerialGC", "-Xmx64m");
        assertThat(child.options()).doesNotContainAnyElementsOf(ChildJvm.HEAP_SIZING);
        assertThat(ChildJvm.daemonOptions(List.of("-XX:MaxHeapSize=100M")))
                .doesNotContainAnyElementsOf(ChildJvm.HEAP_SIZING);
        // the last -Xmx is the one the JVM takes
        assertThat(ChildJvm.daemonOptions(List.of("-Xmx64m", "-Xmx2g"))).containsAll(ChildJvm.HEAP_SIZING);
        assertThat(ChildJvm.daemonOptions(List.of("-Xmx128m"))).containsAll(ChildJvm.HEAP_SIZING);
        assertThat(ChildJvm.daemonOptions(List.of("-Xmx1g", "-XX:+UseG1GC")))
                .containsAll(ChildJvm.HEAP_SIZING)
                .doesNotContain("-XX:+UseSerialGC");
    }

    @Test
    void maximumHeapSizesAreReadAsTheJvmReadsThem() {
        assertThat(ChildJvm.maxHeap("-Xmx64m")).isEqualTo(64L << 20);
        assertThat(ChildJvm.maxHeap("-Xmx2G")).isEqualTo(2L << 30);
        assertThat(ChildJvm.maxHeap("-Xmx524288k")).isEqualTo(512L << 20);
        assertThat(ChildJvm.maxHeap("-Xmx1t")).isEqualTo(1L << 40);
        assertThat(ChildJvm.maxHeap("-Xmx134217728")).isEqualTo(128L << 20);
        assertThat(ChildJvm.maxHeap("-XX:MaxHeapSize=96m")).isEqualTo(96L << 20);
        assertThat(List.of("-Xmx", "-Xmxm", "-Xmx-5m", "-Xmx1.5g", "-Xmx12x3m", "-Xms64m", "-Xmx99999999999999999999g"))
                .allMatch(o -> ChildJvm.maxHeap(o) == -1);
    }
}
