package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.ClaudeProjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code router status} and {@code router model} against the real daemon (this test's Spring context,
 * recorded in router.pid under this JVM's pid), so the CLI reads the {@code /api/status} the daemon
 * really writes and a renamed or dropped field shows here, where a hand-written stand-in would drift.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatusCommandIT {

    static final Path HOME = temporaryFolder();
    static final Path CONFIG = HOME.resolve("config.json");
    static final Path SCRIPT = HOME.resolve("router.js");
    static final String PROJECT = "-home-me-app";
    static final String GOOD = """
            {
              // test config; no APIKEY: with one, the CLI cannot read the key from a broken file and so
              // cannot show why a reload was rejected (reported on issue 23)
              "CUSTOM_ROUTER_PATH": "%s",
              "Providers": [{"name": "p", "api_base_url": "http://127.0.0.1:9/v1/chat/completions", "api_key": "sk-x",
                             "models": ["m1", "m2"]}],
              "Router": {"default": "p,m1", "think": "p,m2"},
              "fallback": {"default": ["p,m2"]}
            }
            """.formatted(SCRIPT);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(50);

    @LocalServerPort
    int port;

    Map<String, String> env;

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("status-command-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void daemon(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(CONFIG, GOOD);
        Files.writeString(SCRIPT, "module.exports = async () => null;\n");
        ClaudeProjects.transcript(HOME.resolve("claude-projects"), PROJECT, "session-1");
        ClaudeProjects.routes(HOME, PROJECT, "config.json", "{\"Router\": {\"default\": \"p,m2\"}}");
        registry.add(RouterConfiguration.CONFIG_PROPERTY, CONFIG::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
        registry.add(
                RouterConfiguration.CLAUDE_PROJECTS_PROPERTY,
                () -> HOME.resolve("claude-projects").toString());
    }

    @BeforeEach
    void recordTheDaemon() throws IOException {
        new DaemonInfo(ProcessHandle.current().pid(), "127.0.0.1", port, CONFIG.toString())
                .write(HOME.resolve("router.pid"));
        env = Map.of("ROUTER_HOME", HOME.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** The daemon's own answer to {@code GET /api/status}. */
    private JsonNode daemonStatus() throws Exception {
        DaemonClient.Reply reply = new DaemonClient(
                        "http://127.0.0.1:" + port, new dev.modelrouter.config.RouterHome(HOME))
                .get("/api/status", Duration.ofSeconds(10));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Runs {@code router args} until its output passes {@code done}; the daemon looks at projects in the background. */
    private CliRun await(Predicate<CliRun> done, String... args) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        CliRun run = CliRun.of(env, args);
        while (!done.test(run) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos()); // a pause between polls, not a guess at how long it takes
            run = CliRun.of(env, args);
        }
        return run;
    }

    @Test
    void statusShowsWhatTheDaemonReports() throws Exception {
        CliRun run = await(r -> r.out().contains("projects:"), "status");
        JsonNode status = daemonStatus();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(status.path("bundledConfig").isBoolean())
                .as(status.toString())
                .isTrue();
        assertThat(status.path("bundledConfig").asBoolean()).isFalse();
        assertThat(run.out())
                .startsWith("model-router " + status.path("version").asString() + " is running at http://127.0.0.1:"
                        + port + " (pid " + ProcessHandle.current().pid() + ", up ")
                .contains("\nconfig:    " + CONFIG + "\n")
                .contains("\nreload:    ok at "
                        + status.path("lastReload").path("at").asString() + " (start): loaded " + CONFIG + "\n")
                .contains("\ncustom:    " + SCRIPT + " (not started (it starts on the first request))\n")
                .contains("\nprojects:  " + PROJECT + " (routes of their own)\n")
                .contains("\nroutes:\n  default      p,m1 -> p,m2\n")
                .contains("\n  background   (default)\n")
                .contains("\n  think        p,m2\n")
                .contains("\nproviders:\n  p              openai     m1, m2\n");
    }

    @Test
    void statusJsonIsTheDaemonsStatusWithWhereItRuns() throws Exception {
        await(r -> r.out().contains("projectRoutes"), "status", "--json");
        CliRun run = CliRun.of(env, "status", "--json");
        ObjectNode daemon = (ObjectNode) daemonStatus();

        assertThat(run.exit()).as(run.err()).isZero();
        ObjectNode cli = (ObjectNode) CliJson.read(run.out());
        assertThat(cli.remove("running").asBoolean()).isTrue();
        assertThat(cli.remove("answering").asBoolean()).isTrue();
        assertThat(cli.remove("url").asString()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(cli.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(cli.remove("uptimeSeconds").isNumber()).isTrue();
        daemon.remove("uptimeSeconds");
        assertThat(cli).isEqualTo(daemon);
        assertThat(cli.has("bundledConfig")).isTrue();
    }

    @Test
    void modelShowsTheRouteTableAndSetChangesItInTheDaemon() throws Exception {
        assertThat(CliRun.of(env, "model").out()).startsWith("routes:\n  default      p,m1 -> p,m2\n");

        CliRun ok = CliRun.of(env, "model", "set", "background", "p,m2");
        try {
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out())
                    .isEqualTo("background -> p,m2: "
                            + daemonStatus().path("lastReload").path("message").asString() + "\n");
            assertThat(daemonStatus().path("routes").path("background").toString())
                    .isEqualTo("[\"p,m2\"]");
            assertThat(Files.readString(CONFIG)).contains("// test config");

            CliRun bad = CliRun.of(env, "model", "set", "x", "p,m2");
            assertThat(bad.exit()).isEqualTo(2);
            assertThat(bad.err()).contains("'x'");
        } finally {
            Files.writeString(CONFIG, GOOD);
            CliRun restored = await(r -> r.out().contains("  background   (default)\n"), "model");
            assertThat(restored.out()).contains("  background   (default)\n");
        }
    }

    @Test
    void statusShowsARejectedReloadWhileTheConfigIsBroken() throws Exception {
        Files.writeString(CONFIG, "{ broken");
        try {
            CliRun run = await(r -> r.out().contains("reload:    REJECTED"), "status");

            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode reload = daemonStatus().path("lastReload");
            assertThat(run.out())
                    .contains("\nreload:    REJECTED at " + reload.path("at").asString() + " ("
                            + reload.path("trigger").asString() + "): "
                            + reload.path("message").asString() + "\n");
            assertThat(reload.path("message").asString()).contains("config.json");
        } finally {
            Files.writeString(CONFIG, GOOD);
            assertThat(await(r -> r.out().contains("reload:    ok"), "status").out())
                    .contains("reload:    ok");
        }
    }
}
