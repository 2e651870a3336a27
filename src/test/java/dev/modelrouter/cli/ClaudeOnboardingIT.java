package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned Claude Code, started by {@code router code} (the built jar) in a terminal (tmux) with a fresh
 * {@code HOME}: its first screen is the folder-trust question, not its onboarding (theme picker, security
 * notes), and one answer later it waits at its prompt. With {@code ROUTER_KEEP_ONBOARDING=1} the theme
 * picker shows, which proves the screen is read where onboarding would be.
 */
class ClaudeOnboardingIT {

    static final Path CLAUDE = Path.of(".tools/claude-code/node_modules/.bin/claude");
    static final String THEME_SCREEN = "Choose the text style";
    static final String TRUST_SCREEN = "Quick safety check";

    @TempDir
    Path dir;

    String socket;
    Path home;

    @BeforeEach
    void requireTools() {
        Prerequisites.require(
                Files.isExecutable(CLAUDE), "Claude Code is not installed; run scripts/install-claude-code (CI does)");
        Prerequisites.require(
                Files.isExecutable(Path.of("/usr/bin/tmux")) || Files.isExecutable(Path.of("/bin/tmux")),
                "tmux is not installed (apt-get install tmux)");
        Prerequisites.require(
                Files.isRegularFile(DaemonLifecycleIT.JAR)
                        && DaemonLifecycleIT.classesNotInJar().isEmpty(),
                DaemonLifecycleIT.JAR + " is missing or stale; run ./mvnw -B -q package -DskipTests first");
        socket = "router-onboarding-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        home = dir.resolve("home");
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (socket == null) {
            return; // a prerequisite was missing: nothing started
        }
        // Claude Code writes to its home while it shuts down: wait for the whole pane to be gone, or the
        // temporary folder is deleted under its feet
        List<ProcessHandle> pane = new ArrayList<>();
        for (String pid : tmux("list-panes", "-a", "-F", "#{pane_pid}").split("\\s+")) {
            if (pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(root -> {
                    pane.add(root);
                    root.descendants().forEach(pane::add);
                });
            }
        }
        tmux("kill-server");
        for (ProcessHandle process : pane) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                process.destroyForcibly();
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Starts {@code router code} in a 120x40 terminal; returns the fake daemon it talks to. */
    private FakeDaemon startRouterCode(boolean keepOnboarding) throws Exception {
        Files.createDirectories(home);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path routerHome = Files.createDirectories(dir.resolve("router-home"));
        Path config = routerHome.resolve("config.json");
        Files.writeString(
                config,
                CliTest.CONFIG
                        .formatted(3456)
                        .replace("\"NON_INTERACTIVE_MODE\": true", "\"NON_INTERACTIVE_MODE\": false"));
        FakeDaemon daemon = new FakeDaemon(routerHome, config);
        Path script = dir.resolve("run.sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "cd " + ClaudeEnv.shellQuote(work.toString()),
                        "unset ANTHROPIC_API_KEY ANTHROPIC_BASE_URL ANTHROPIC_AUTH_TOKEN CLAUDE_CONFIG_DIR",
                        "export HOME=" + ClaudeEnv.shellQuote(home.toString()),
                        "export ROUTER_HOME=" + ClaudeEnv.shellQuote(routerHome.toString()),
                        "export CLAUDE_PATH="
                                + ClaudeEnv.shellQuote(CLAUDE.toAbsolutePath().toString()),
                        "export TERM=xterm-256color CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
                        keepOnboarding
                                ? "export " + ClaudeOnboarding.KEEP_ENV + "=1"
                                : "unset " + ClaudeOnboarding.KEEP_ENV,
                        "exec "
                                + ClaudeEnv.shellQuote(Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString())
                                + " -jar "
                                + ClaudeEnv.shellQuote(
                                        DaemonLifecycleIT.JAR.toAbsolutePath().toString()) + " code",
                        ""));
        tmux(
                "new-session",
                "-d",
                "-s",
                "code",
                "-x",
                "120",
                "-y",
                "40",
                "bash " + ClaudeEnv.shellQuote(script.toString()));
        return daemon;
    }

    /** The screen once it shows what {@code until} waits for, or as it is after a generous deadline. */
    private String screenWhen(Predicate<String> until) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-t", "code");
            if (until.test(screen)) {
                return screen;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return screen;
    }

    @Test
    void aFreshHomeSkipsTheOnboardingScreensAndReachesThePrompt() throws Exception {
        try (FakeDaemon daemon = startRouterCode(false)) {
            String first = screenWhen(
                    s -> s.contains(TRUST_SCREEN) || s.contains(THEME_SCREEN) || s.contains("Security notes"));

            assertThat(first)
                    .as(first)
                    .contains(TRUST_SCREEN)
                    .doesNotContain(THEME_SCREEN)
                    .doesNotContain("Security notes");
            // the picker takes keys only once it listens, a moment after it is drawn: move until the mark moves,
            // a second apart, so that a slow redraw does not earn a second move past the answer
            long[] lastMove = {0};
            String chosen = screenWhen(s -> {
                if (s.contains("❯ No, exit") && System.nanoTime() - lastMove[0] > TimeUnit.SECONDS.toNanos(1)) {
                    lastMove[0] = System.nanoTime();
                    try {
                        tmux("send-keys", "-t", "code", "Down");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                return s.contains("❯ Yes, I trust this folder");
            });
            assertThat(chosen).as(chosen).contains("❯ Yes, I trust this folder");
            tmux("send-keys", "-t", "code", "Enter");
            String prompt = screenWhen(s -> s.contains("shift+tab to cycle") && !s.contains(TRUST_SCREEN));
            assertThat(prompt).as(prompt).contains("shift+tab to cycle").doesNotContain(TRUST_SCREEN);
        }
        assertThat(CliJson.read(Files.readString(home.resolve(".claude.json")))
                        .path("hasCompletedOnboarding")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void withKeepOnboardingClaudeCodeShowsItsThemePicker() throws Exception {
        try (FakeDaemon daemon = startRouterCode(true)) {
            String first = screenWhen(s -> s.contains(TRUST_SCREEN) || s.contains(THEME_SCREEN));

            assertThat(first).as(first).contains(THEME_SCREEN);
        }
    }
}
