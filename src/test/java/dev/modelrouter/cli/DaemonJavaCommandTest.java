package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.cli.launch.DaemonJava;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonJavaCommandTest {

    @Test
    void theDaemonsOptionsComeFirstAndTheUsersWin() {
        List<String> cmd = DaemonJavaCommand.of(Map.of("ROUTER_DAEMON_JAVA_OPTS", " -Xmx1g  -Dx=y "), null, null);
        assertThat(cmd).containsSubsequence("-XX:+UseSerialGC", "-Xms128m", "-Xmx1g", "-Dx=y", "serve", "--detached");
    }

    @Test
    void optionsTheJvmWouldRefuseBesideTheUsersAreLeftOut() {
        List<String> cmd = DaemonJavaCommand.of(Map.of("ROUTER_DAEMON_JAVA_OPTS", "-XX:+UseG1GC -Xmx64m"), null, null);
        assertThat(cmd).contains("-XX:+UseG1GC", "-Xmx64m").doesNotContain("-XX:+UseSerialGC", "-Xms128m", "-Xmn96m");
    }

    @Test
    void theJdkAndArchiveScriptsRouterTrainedBesideTheJarAreUsedWhileBothAreThere(@TempDir Path cli)
            throws IOException {
        Path jar = cli.resolve("model-router.jar");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(DaemonJavaCommand.trained(jar.toString()))
                .as("nothing trained")
                .isNull();

        Files.writeString(cli.resolve(DaemonJava.TRAINED), java + "\ndaemon-x.jsa\n");
        assertThat(DaemonJavaCommand.trained(jar.toString())).as("no archive").isNull();

        Files.writeString(cli.resolve("daemon-x.jsa"), "archive");
        DaemonJavaCommand.Trained trained = DaemonJavaCommand.trained(jar.toString());
        assertThat(trained).isNotNull();
        assertThat(trained.java()).isEqualTo(java.toString());
        assertThat(trained.startOptions()).contains("-XX:SharedArchiveFile=" + cli.resolve("daemon-x.jsa"));
        assertThat(DaemonJavaCommand.fastStartOptions(trained)).containsAll(trained.startOptions());

        assertThat(trained.jdkOptions()).isEqualTo(DaemonJava.current().jdkOptions());

        Files.writeString(cli.resolve(DaemonJava.TRAINED), cli.resolve("gone/bin/java") + "\ndaemon-x.jsa\n");
        assertThat(DaemonJavaCommand.trained(jar.toString()))
                .as("a JDK no longer there")
                .isNull();
        assertThat(DaemonJavaCommand.trained(jar + File.pathSeparator + "other.jar"))
                .isNull();
    }

    @Test
    void aTrainedJdk25RunsWithItsOwnOptions(@TempDir Path cli) throws IOException {
        Path home = cli.resolve("jdk-25");
        Path java = home.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.3\"\nJAVA_RUNTIME_VERSION=\"25.0.3+9-LTS\"\n");
        Files.writeString(cli.resolve(DaemonJava.TRAINED), java + "\ndaemon-25.0.3+9-LTS.aot\n");
        Files.writeString(cli.resolve("daemon-25.0.3+9-LTS.aot"), "cache");

        DaemonJavaCommand.Trained trained =
                DaemonJavaCommand.trained(cli.resolve("model-router.jar").toString());

        assertThat(trained).isNotNull();
        assertThat(trained.jdkOptions()).containsExactly("--sun-misc-unsafe-memory-access=allow");
        assertThat(trained.startOptions()).first().isEqualTo("-XX:AOTCache=" + cli.resolve("daemon-25.0.3+9-LTS.aot"));
    }
}
