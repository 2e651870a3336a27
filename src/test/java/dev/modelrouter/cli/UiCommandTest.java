package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UiCommandTest {

    static final String LINK_PATH = "/ui/login?token=one-time-code-77";

    @TempDir
    Path home;

    @TempDir
    Path bin;

    Path config() throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456));
        return config;
    }

    void opener(String script) throws Exception {
        Path opener = bin.resolve("xdg-open");
        Files.writeString(opener, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(opener, PosixFilePermissions.fromString("rwx------"));
    }

    Map<String, String> env() {
        return Map.of("ROUTER_HOME", home.toString(), "PATH", bin.toString());
    }

    @Test
    void opensTheOneTimeLinkTheDaemonMintedWithTheAdminTokenAndDoesNotPrintIt() throws Exception {
        Path record = home.resolve("opened");
        opener("printf '%s' \"$*\" > '" + record + "'");
        try (FakeDaemon daemon = new FakeDaemon(home, config())) {
            CliRun run = CliRun.of(env(), "ui");

            assertThat(run.exit()).isZero();
            assertThat(Files.readString(record)).isEqualTo("http://127.0.0.1:" + daemon.port() + LINK_PATH);
            assertThat(run.out())
                    .contains("opened the router's UI in your browser: http://127.0.0.1:" + daemon.port() + "/ui/")
                    .doesNotContain("one-time-code-77");
            assertThat(daemon.requests)
                    .anyMatch(r -> r.startsWith("POST /api/ui/login-link ") && r.endsWith("admin=ok"));
        }
    }

    @Test
    void printsTheLinkWhenThereIsNoOpenerOrItFails() throws Exception {
        try (FakeDaemon daemon = new FakeDaemon(home, config())) {
            CliRun none = CliRun.of(env(), "ui");
            opener("exit 3");
            CliRun failing = CliRun.of(env(), "ui");

            for (CliRun run : new CliRun[] {none, failing}) {
                assertThat(run.exit()).isZero();
                assertThat(run.out()).contains("http://127.0.0.1:" + daemon.port() + LINK_PATH);
            }
        }
    }

    @Test
    void noBrowserPrintsTheLinkWithoutRunningTheOpener() throws Exception {
        Path record = home.resolve("opened");
        opener(": > '" + record + "'");
        try (FakeDaemon daemon = new FakeDaemon(home, config())) {
            CliRun run = CliRun.of(env(), "ui", "--no-browser");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("http://127.0.0.1:" + daemon.port() + LINK_PATH);
            assertThat(record).doesNotExist();
        }
    }
}
