package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which JDK the daemon runs on, and the archive options that follow from it, on fake JDK folders. */
class DaemonJavaTest {

    @TempDir
    Path dir;

    /** A JDK folder with a {@code bin/java} and a {@code release} file, as JDK packages lay them out. */
    private Path jdk(Path home, String version, String runtime) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                home.resolve("release"),
                "IMPLEMENTOR=\"Someone\"\nJAVA_RUNTIME_VERSION=\"" + runtime + "\"\nJAVA_VERSION=\"" + version
                        + "\"\n");
        return home;
    }

    @Test
    void theNewestJdkBesideIsFound() throws IOException {
        jdk(dir.resolve("java-17"), "17.0.15", "17.0.15+6");
        jdk(dir.resolve("temurin-25"), "25.0.3", "25.0.3+9-LTS");
        jdk(dir.resolve("temurin-21"), "21.0.7", "21.0.7+6-LTS");
        Files.createDirectories(dir.resolve("not-a-jdk"));
        Files.writeString(dir.resolve(".java-17.jinfo"), "");

        DaemonJava newest = DaemonJava.newestBeside(dir.resolve("java-17"));

        assertThat(newest)
                .isEqualTo(new DaemonJava(dir.resolve("temurin-25/bin/java").toString(), 25, "25.0.3+9-LTS"));
        assertThat(newest.aotCache()).isTrue();
        assertThat(newest.archiveName()).isEqualTo("daemon-25.0.3+9-LTS.aot");
    }

    /**
     * A JDK beside the user's that another account could have placed or changed is never run: the daemon
     * would run it with the user's keys.
     */
    @Test
    void aJdkBesideThatOthersCouldHavePlantedIsPassedOver() throws IOException {
        jdk(dir.resolve("java-17"), "17.0.15", "17.0.15+6");
        Path planted = jdk(dir.resolve("temurin-26"), "26", "26+35");
        Path changed = jdk(dir.resolve("temurin-25"), "25.0.3", "25.0.3+9-LTS");
        jdk(dir.resolve("temurin-24"), "24.0.2", "24.0.2+12");
        Files.setPosixFilePermissions(planted.resolve("bin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(changed.resolve("bin/java"), PosixFilePermissions.fromString("rwxrwxr-x"));

        assertThat(DaemonJava.newestBeside(dir.resolve("java-17")))
                .isEqualTo(new DaemonJava(dir.resolve("temurin-24/bin/java").toString(), 24, "24.0.2+12"));

        Files.setPosixFilePermissions(planted.resolve("bin"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(changed.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(DaemonJava.newestBeside(dir.resolve("java-17")).feature()).isEqualTo(26);
        // another account's JDK (only root can give a file away, so only a root run shows it)
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        if (System.getProperty("user.name").equals("root") && existsUser(users, "nobody")) {
            Files.setOwner(planted, users.lookupPrincipalByName("nobody"));
            assertThat(DaemonJava.newestBeside(dir.resolve("java-17")).feature())
                    .isEqualTo(25);
        }
    }

    private static boolean existsUser(UserPrincipalLookupService users, String name) {
        try {
            users.lookupPrincipalByName(name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void macOsBundlesAreLookedInto() throws IOException {
        Path machines = dir.resolve("JavaVirtualMachines");
        jdk(machines.resolve("jdk-17.jdk/Contents/Home"), "17.0.2", "17.0.2+8");
        jdk(machines.resolve("jdk-25.jdk/Contents/Home"), "25", "25+36");

        DaemonJava newest = DaemonJava.newestBeside(machines.resolve("jdk-17.jdk/Contents/Home"));

        assertThat(newest).isNotNull();
        assertThat(newest.java())
                .isEqualTo(machines.resolve("jdk-25.jdk/Contents/Home/bin/java").toString());
        assertThat(newest.feature()).isEqualTo(25);
    }

    @Test
    void routerJavaNamesAHomeAJavaOrACommandOnThePath() throws IOException {
        Path home = jdk(dir.resolve("jdk-21"), "21.0.7", "21.0.7+6-LTS");
        String java = home.resolve("bin/java").toString();

        assertThat(DaemonJava.find(Map.of(DaemonJava.ENV, home.toString())))
                .isEqualTo(new DaemonJava(java, 21, "21.0.7+6-LTS"));
        assertThat(DaemonJava.find(Map.of(DaemonJava.ENV, java)).feature()).isEqualTo(21);
        assertThat(DaemonJava.find(Map.of(DaemonJava.ENV, "java", "PATH", "/nowhere:" + home.resolve("bin"))))
                .isEqualTo(new DaemonJava(java, 21, "21.0.7+6-LTS"));
        // a JDK 21 gets a class-data archive: the ahead-of-time cache starts at 25
        assertThat(DaemonJava.find(Map.of(DaemonJava.ENV, java)).archiveName()).endsWith(".jsa");
    }

    @Test
    void aJavaWithoutAReleaseFileIsRunWithoutAnArchiveKindItCannotKnow() throws IOException {
        Path java = dir.resolve("odd/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");

        DaemonJava odd = DaemonJava.find(Map.of(DaemonJava.ENV, java.toString()));

        assertThat(odd.java()).isEqualTo(java.toString());
        assertThat(odd.feature()).isZero();
        assertThat(odd.aotCache()).isFalse();
    }

    @Test
    void withoutRouterJavaTheDaemonRunsOnThisJdkOrANewerOneBesideIt() {
        DaemonJava found = DaemonJava.find(Map.of());
        DaemonJava current = DaemonJava.current();
        assertThat(found.feature()).isGreaterThanOrEqualTo(current.feature());
        if (current.feature() >= DaemonJava.AOT_CACHE_FEATURE) {
            assertThat(found).isEqualTo(current);
        }
    }

    @Test
    void archiveOptionsFollowTheKind() {
        Path archive = dir.resolve("daemon-x.aot");
        DaemonJava jdk25 = new DaemonJava("/jdk/bin/java", 25, "25.0.3");
        DaemonJava jdk17 = new DaemonJava("/jdk17/bin/java", 17, "17.0.15");

        assertThat(jdk25.startOptions(archive)).first().isEqualTo("-XX:AOTCache=" + archive);
        assertThat(jdk25.startOptions(archive)).as("no profiles to replay").endsWith("-XX:-AOTReplayTraining");
        assertThat(jdk25.recordOptions(archive))
                .contains("-XX:AOTMode=record", "-XX:AOTConfiguration=" + archive + ".conf", "-XX:-AOTRecordTraining");
        assertThat(jdk25.createCommand(java.util.List.of("-Xss512k"), archive, Path.of("/app.jar")))
                .startsWith("/jdk/bin/java", "-Xss512k", "-XX:AOTMode=create")
                .contains("-XX:AOTCache=" + archive)
                .endsWith("-cp", "/app.jar");
        assertThat(jdk17.startOptions(archive)).first().isEqualTo("-XX:SharedArchiveFile=" + archive);
        assertThat(jdk17.recordOptions(archive)).first().isEqualTo("-XX:ArchiveClassesAtExit=" + archive);
        assertThat(jdk17.createCommand(java.util.List.of(), archive, Path.of("/app.jar")))
                .isEmpty();
    }

    @Test
    void fromJdk23OnNettyIsAllowedUnsafesMemoryAccess() {
        assertThat(new DaemonJava("/jdk17/bin/java", 17, "17.0.15").jdkOptions())
                .isEmpty();
        assertThat(new DaemonJava("/jdk21/bin/java", 21, "21.0.7").jdkOptions()).isEmpty();
        assertThat(new DaemonJava("/jdk/bin/java", 0, "unknown").jdkOptions()).isEmpty();
        assertThat(new DaemonJava("/jdk23/bin/java", 23, "23.0.2").jdkOptions())
                .containsExactly("--sun-misc-unsafe-memory-access=allow");
        assertThat(new DaemonJava("/jdk/bin/java", 25, "25.0.3").jdkOptions())
                .containsExactly("--sun-misc-unsafe-memory-access=allow");
    }
}
