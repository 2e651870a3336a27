package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a new user meets first, black-box through the CLI: the home folder, help, version, config checks. */
class FirstRunTest {

    @TempDir
    Path dir;

    Path home;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        home = dir.resolve("home");
        Files.createDirectories(home);
        env = Map.of("HOME", home.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    @Test
    void theRoutersHomeFollowsTheHomeVariable() {
        CliRun run = CliRun.of(env, "config", "path");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(home.resolve(".router/config.json") + "\n");
    }

    /** Every command and subcommand, as a user would type it before {@code --help}. */
    static List<List<String>> everyCommand() {
        List<List<String>> commands = new ArrayList<>();
        CommandLine all = RouterCli.commandLine(new RouterCli(Map.of()));
        all.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                commands.add(List.of(name));
                sub.getSubcommands().keySet().forEach(nested -> commands.add(List.of(name, nested)));
            }
        });
        return commands;
    }

    @Test
    void everyCommandPrintsItsUsageForHelpAndExitsZero() {
        List<List<String>> commands = everyCommand();
        assertThat(commands).contains(List.of("start"), List.of("code"), List.of("config", "validate"));
        for (List<String> command : commands) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);

                CliRun run = CliRun.of(env, args.toArray(String[]::new));

                assertThat(run.exit()).as("router %s", args).isZero();
                assertThat(run.out()).as("router %s", args).startsWith("Usage: router " + String.join(" ", command));
                assertThat(run.err()).as("router %s", args).isEmpty();
            }
        }
        assertThat(home.resolve(".router"))
                .as("no command ran, so nothing was made")
                .doesNotExist();
    }

    @Test
    void codeHelpNeitherStartsTheDaemonNorRunsClaude() throws Exception {
        Path marker = dir.resolve("claude-ran");
        Path claude = fakeClaude(marker);
        Map<String, String> withClaude = new HashMap<>(env);
        withClaude.put("CLAUDE_PATH", claude.toString());

        CliRun run = CliRun.of(withClaude, "code", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: router code").contains("router code -- --help");
        assertThat(marker).doesNotExist();
        assertThat(home.resolve(".router/router.pid")).doesNotExist();
    }

    @Test
    void aFirstDoubleDashHandsHelpToClaude() throws Exception {
        Path routerHome = home.resolve(".router");
        Files.createDirectories(routerHome);
        Path config = routerHome.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456));
        Path marker = dir.resolve("claude-args");
        Map<String, String> withClaude = new HashMap<>(env);
        withClaude.put("CLAUDE_PATH", fakeClaude(marker).toString());
        withClaude.put(ClaudeOnboarding.KEEP_ENV, "1");
        try (FakeDaemon daemon = new FakeDaemon(routerHome, config)) {
            CliRun run = CliRun.of(withClaude, "code", "--", "--help");

            assertThat(run.exit()).as(run.err()).isZero();
        }
        String recorded = Files.readString(marker);
        assertThat(Arrays.asList(recorded.substring(0, recorded.length() - 1).split("\0", -1)))
                .isEqualTo(List.of("--help"));
    }

    @Test
    void codeMarksClaudeCodesOnboardingDoneInAFreshHomeUnlessToldToKeepIt() throws Exception {
        Path routerHome = home.resolve(".router");
        Files.createDirectories(routerHome);
        Path config = routerHome.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456));
        Map<String, String> withClaude = new HashMap<>(env);
        withClaude.put("CLAUDE_PATH", fakeClaude(dir.resolve("claude-args")).toString());
        Path state = home.resolve(".claude.json");
        try (FakeDaemon daemon = new FakeDaemon(routerHome, config)) {
            Map<String, String> keep = new HashMap<>(withClaude);
            keep.put(ClaudeOnboarding.KEEP_ENV, "1");
            assertThat(CliRun.of(keep, "code", "-p", "hi").exit()).isZero();
            assertThat(state).as("ROUTER_KEEP_ONBOARDING=1").doesNotExist();

            CliRun run = CliRun.of(withClaude, "code", "-p", "hi");

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.err()).contains("marked Claude Code's first-run screens as seen in " + state);
            assertThat(CliJson.read(Files.readString(state))
                            .path("hasCompletedOnboarding")
                            .asBoolean())
                    .isTrue();
            assertThat(CliRun.of(withClaude, "code", "-p", "hi").err()).doesNotContain("marked");
        }
    }

    @Test
    void codeWithARunningDaemonSaysWhatTheRoutesStillNeed() throws Exception {
        Path routerHome = home.resolve(".router");
        Files.createDirectories(routerHome);
        Path config = routerHome.resolve("config.json");
        Files.writeString(config, CliTest.CONFIG.formatted(3456).replace("\"sk-x\"", "\"$NOT_SET_ANYWHERE_KEY\""));
        Map<String, String> withClaude = new HashMap<>(env);
        withClaude.put("CLAUDE_PATH", fakeClaude(dir.resolve("claude-args")).toString());
        withClaude.put(ClaudeOnboarding.KEEP_ENV, "1");
        try (FakeDaemon daemon = new FakeDaemon(routerHome, config)) {
            CliRun run = CliRun.of(withClaude, "code", "-p", "hi");

            assertThat(run.exit()).isZero();
            assertThat(run.err())
                    .contains("  p            (default): export NOT_SET_ANYWHERE_KEY=<your key>\n")
                    .contains("  p            (default): nothing answers at http://127.0.0.1:9; start it\n");
        }
    }

    private Path fakeClaude(Path record) throws Exception {
        Path claude = dir.resolve("fake-claude");
        Files.writeString(claude, """
                #!/bin/sh
                : > '%1$s'
                for a in "$@"; do printf '%%s\\0' "$a" >> '%1$s'; done
                """.formatted(record));
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        return claude;
    }

    @Test
    void lowerCaseVPrintsTheVersion() {
        CliRun run = CliRun.of(env, "-v");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("model-router " + Version.get() + "\n");
    }

    @Test
    void configValidateListsTheKeysServeCallsNotActiveYet() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(
                config,
                CliTest.CONFIG
                        .formatted(3456)
                        .replace("\"PORT\"", "\"plugins\": [{\"name\": \"other\", \"enabled\": true}], \"PORT\""));

        CliRun run = CliRun.of(env, "config", "validate", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("recognised, not active yet: $.plugins\n");
    }

    @Test
    void anUnknownTransformerIsReportedByItsProvidersName() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"Providers": [
                  {"name": "good", "api_base_url": "https://a.example.com/v1/chat/completions", "api_key": "k", "models": ["m"]},
                  {"name": "deepseek", "api_base_url": "https://b.example.com/chat/completions", "api_key": "k",
                   "models": ["m"], "transformer": {"use": ["deepsek"]}}],
                 "Router": {"default": "good,m"}}
                """);

        CliRun run = CliRun.of(env, "config", "validate", config.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(config + ": provider 'deepseek' ($.Providers[1].transformer.use[0]): unknown transformer"
                        + " 'deepsek' (known: ");
    }
}
