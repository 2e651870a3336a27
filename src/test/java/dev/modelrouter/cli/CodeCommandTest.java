package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeCommandTest {

    @TempDir
    Path home;

    @Test
    void runsClaudeWithEveryArgumentTheRoutersEnvironmentAndItsExitCode() throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456));
        Path record = home.resolve("record");
        Path claude = home.resolve("fake-claude");
        Files.writeString(claude, """
                #!/bin/sh
                for a in "$@"; do printf '%%s\\0' "$a" >> '%1$s.args'; done
                env > '%1$s.env'
                exit 7
                """.formatted(record));
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new HashMap<>();
        env.put("ROUTER_HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CLAUDE_PATH", claude.toString());
        env.put("ANTHROPIC_API_KEY", "sk-ant-must-not-reach-claude");
        env.put("NO_PROXY", "corp.example");
        env.put("KEEP_ME", "yes");
        List<String> args = List.of(
                "-p",
                "say \"hi\" to $HOME",
                "--",
                "--model",
                "x,y",
                "@notes.txt",
                "",
                "a  b",
                "--help",
                "-h",
                "line1\nline2");

        try (FakeDaemon daemon = new FakeDaemon(home, config)) {
            String[] cli = new String[args.size() + 1];
            cli[0] = "code";
            for (int i = 0; i < args.size(); i++) {
                cli[i + 1] = args.get(i);
            }
            CliRun run = CliRun.of(env, cli);

            assertThat(run.exit()).isEqualTo(7);
            String recorded = Files.readString(Path.of(record + ".args"));
            assertThat(Arrays.asList(
                            recorded.substring(0, recorded.length() - 1).split("\0", -1)))
                    .isEqualTo(args);
            Map<String, String> seen = new HashMap<>();
            for (String line : Files.readAllLines(Path.of(record + ".env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    seen.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            assertThat(seen)
                    .containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + daemon.port())
                    .containsEntry("ANTHROPIC_AUTH_TOKEN", "k-123")
                    .containsEntry("API_TIMEOUT_MS", "1234")
                    .containsEntry("NO_PROXY", "corp.example,127.0.0.1,localhost")
                    .containsEntry("DISABLE_TELEMETRY", "true")
                    .containsEntry("DISABLE_COST_WARNINGS", "true")
                    .containsEntry("CI", "true")
                    .containsEntry("FORCE_COLOR", "0")
                    .containsEntry("NODE_NO_READLINE", "1")
                    .containsEntry("TERM", "dumb")
                    .containsEntry("KEEP_ME", "yes")
                    .doesNotContainKey("ANTHROPIC_API_KEY");
        }
    }

    @Test
    void saysHowToInstallClaudeWhenItIsMissing() throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456));
        Map<String, String> env = Map.of(
                "ROUTER_HOME",
                home.toString(),
                "CLAUDE_PATH",
                home.resolve("nope").toString());
        try (FakeDaemon daemon = new FakeDaemon(home, config)) {
            CliRun run = CliRun.of(env, "code", "-p", "hi");

            assertThat(run.exit()).isEqualTo(CodeCommand.NOT_FOUND);
            assertThat(run.err()).contains("cannot run " + home.resolve("nope")).contains("CLAUDE_PATH");
        }
    }

    private List<String> claudeArgsFor(String statusLine, Map<String, String> extraEnv, String... args)
            throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(
                config,
                CliTest.CONFIG.formatted(3456).replace("\"APIKEY\"", "\"StatusLine\": " + statusLine + ", \"APIKEY\""));
        Path record = home.resolve("record");
        Files.deleteIfExists(Path.of(record + ".args"));
        Path claude = home.resolve("fake-claude");
        Files.writeString(claude, """
                #!/bin/sh
                : > '%1$s.args'
                for a in "$@"; do printf '%%s\\0' "$a" >> '%1$s.args'; done
                """.formatted(record));
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("ROUTER_HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CLAUDE_PATH", claude.toString());
        try (FakeDaemon daemon = new FakeDaemon(home, config)) {
            String[] cli = new String[args.length + 1];
            cli[0] = "code";
            System.arraycopy(args, 0, cli, 1, args.length);
            assertThat(CliRun.of(env, cli).exit()).isZero();
        }
        String recorded = Files.readString(Path.of(record + ".args"));
        return recorded.isEmpty()
                ? List.of()
                : Arrays.asList(recorded.substring(0, recorded.length() - 1).split("\0", -1));
    }

    @Test
    void givesClaudeTheRoutersStatusLineWhenTheConfigEnablesIt() throws Exception {
        List<String> args = claudeArgsFor(
                "{\"enabled\": true, \"currentStyle\": \"default\"}",
                Map.of("ROUTER_BIN", "/opt/my router/router"),
                "-p",
                "hi");

        assertThat(args)
                .containsExactly(
                        "--settings",
                        "{\"statusLine\":{\"type\":\"command\",\"command\":\"'/opt/my router/router' statusline\",\"padding\":0}}",
                        "-p",
                        "hi");
    }

    @Test
    void runsTheStatusLineWithThisJavaWhenRouterBinIsUnset() {
        String command = ClaudeSettings.statusLineCommand(Map.of());

        assertThat(command)
                .startsWith("'" + System.getProperty("java.home")
                        + "/bin/java' '-XX:TieredStopAtLevel=1' '-XX:+UseSerialGC' ")
                .endsWith(" 'statusline'");
    }

    @Test
    void leavesTheArgumentsAloneWhenTheStatusLineIsDisabledOrTheUserPassesSettings() throws Exception {
        assertThat(claudeArgsFor("{\"enabled\": false}", Map.of(), "-p", "hi")).containsExactly("-p", "hi");
        assertThat(claudeArgsFor("{\"enabled\": true}", Map.of(), "--settings", "{}", "-p", "hi"))
                .containsExactly("--settings", "{}", "-p", "hi");
        assertThat(claudeArgsFor("{\"enabled\": true}", Map.of(), "--settings=mine.json"))
                .containsExactly("--settings=mine.json");
    }
}
