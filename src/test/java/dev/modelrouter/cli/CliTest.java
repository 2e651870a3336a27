package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modelrouter.cli.launch.ChildJvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    static final String CONFIG = """
            {
              // test config
              "APIKEY": "k-123",
              "PORT": %d,
              "API_TIMEOUT_MS": 1234,
              "NON_INTERACTIVE_MODE": true,
              "Providers": [{"name": "p", "api_base_url": "http://127.0.0.1:9/v1/chat/completions", "api_key": "sk-x",
                             "models": ["m1", "m2"]}],
              "Router": {"default": "p,m1"}
            }
            """;

    @TempDir
    Path home;

    Path config;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        config = home.resolve("config.json");
        Files.writeString(config, CONFIG.formatted(3456));
        env = Map.of("ROUTER_HOME", home.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    @Test
    void scriptsRouterStartsTheDaemonWithTheJvmOptionsOfRouterStart() throws Exception {
        String script = Files.readString(Path.of("scripts/router"));
        String opts = script.substring(
                script.indexOf("daemon_opts=(") + "daemon_opts=(".length(),
                script.indexOf(")", script.indexOf("daemon_opts=(")));
        assertThat(opts.split("\\s+")).contains(ChildJvm.DAEMON_OPTIONS.toArray(String[]::new));
    }

    @Test
    void subcommandsAreListedUnderTheirAnnotatedNames() {
        RouterCli.SUBCOMMANDS.forEach((name, type) -> assertThat(
                        type.getAnnotation(picocli.CommandLine.Command.class).name())
                .isEqualTo(name));
    }

    @Test
    void versionPrintsTheVersionAndNoCommandRuns() {
        for (String flag : new String[] {"--version", "-V"}) {
            CliRun run = CliRun.of(env, flag);

            assertThat(run.exit()).as(flag).isZero();
            assertThat(run.out()).as(flag).isEqualTo("model-router " + Version.get() + "\n");
            assertThat(run.err()).as(flag).isEmpty();
        }
        assertThat(home.resolve("router.pid")).doesNotExist();
    }

    @Test
    void statusSaysNotRunningWithExitCode3() {
        CliRun run = CliRun.of(env, "status");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("model-router is not running (start it with `router start`)\n");
        assertThat(CliRun.of(env, "status", "--json").out()).isEqualToIgnoringWhitespace("{\"running\":false}");
    }

    @Test
    void statusRemovesAStaleRouterPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        new DaemonInfo(gone.pid(), "127.0.0.1", 3456, null).write(home.resolve("router.pid"));

        assertThat(CliRun.of(env, "status").exit()).isEqualTo(3);
        assertThat(home.resolve("router.pid")).doesNotExist();
    }

    @Test
    void modelSetWithoutADaemonEditsTheFileInPlace() throws Exception {
        CliRun run = CliRun.of(env, "model", "set", "default", "p,m2");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("default -> p,m2: wrote " + config).contains("not running");
        assertThat(Files.readString(config)).contains("// test config").contains("\"default\": \"p,m2\"");

        CliRun bad = CliRun.of(env, "model", "set", "default", "q,m2");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("unknown provider 'q'; configured providers: p\n");
    }

    @Test
    void modelWithoutADaemonSaysSo() {
        CliRun run = CliRun.of(env, "model");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("model-router is not running");
    }

    @Test
    void activatePrintsExportLines() {
        CliRun run = CliRun.of(Map.of("ROUTER_HOME", home.toString(), "NO_PROXY", "corp.example"), "activate");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                export ANTHROPIC_BASE_URL='http://127.0.0.1:3456'
                export ANTHROPIC_AUTH_TOKEN='k-123'
                export API_TIMEOUT_MS='1234'
                export NO_PROXY='corp.example,127.0.0.1,localhost'
                export DISABLE_TELEMETRY='true'
                export DISABLE_COST_WARNINGS='true'
                export CI='true'
                export FORCE_COLOR='0'
                export NODE_NO_READLINE='1'
                export TERM='dumb'
                unset ANTHROPIC_API_KEY
                unset CLAUDE_CODE_USE_BEDROCK
                unset CLAUDE_CODE_USE_VERTEX
                """);
        assertThat(run.err()).contains("not running");
    }

    @Test
    void startRefusesABrokenConfig() throws Exception {
        Files.writeString(config, "{\"Router\": {\"default\": \"nope,m\"}}");

        CliRun run = CliRun.of(env, "start");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("$.Router.default").contains("model-router did not start");
    }

    @Test
    void uiAndCodeThatCannotStartTheRouterSayWhatDidNotHappenWithTheStartsExitCode() throws Exception {
        Files.writeString(config, "{\"Router\": {\"default\": \"nope,m\"}}");

        CliRun ui = CliRun.of(env, "ui", "--no-browser");
        CliRun code = CliRun.of(env, "code", "-p", "hi");

        assertThat(ui.exit()).isEqualTo(2);
        assertThat(ui.out()).isEmpty();
        assertThat(ui.err())
                .contains("model-router did not start")
                .endsWith("the UI was not opened, because the router is not running\n");
        assertThat(code.exit()).isEqualTo(2);
        assertThat(code.out()).isEmpty();
        assertThat(code.err()).endsWith("Claude Code was not started, because the router is not running\n");
    }

    @Test
    void validateStartAndServeRefuseAnUnknownTransformerWithItsPath() throws Exception {
        Files.writeString(
                config,
                CONFIG.formatted(3456)
                        .replace(
                                "\"models\": [\"m1\", \"m2\"]",
                                "\"models\": [\"m1\", \"m2\"], \"transformer\": {\"use\": [\"deepseek\", \"vertex-gemini-x\"]}"));

        for (String[] args : new String[][] {{"config", "validate"}, {"start"}, {"serve", "--port", "0"}}) {
            CliRun run = CliRun.of(env, args);

            assertThat(run.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.err())
                    .as(String.join(" ", args))
                    .contains("provider 'p' ($.Providers[0].transformer.use[1]): unknown transformer 'vertex-gemini-x'")
                    .doesNotContain("Exception");
        }
        assertThat(home.resolve("router.pid")).doesNotExist();
    }

    @Test
    void validateAcceptsTheCcrTransformerNames() throws Exception {
        Files.writeString(
                config,
                CONFIG.formatted(3456)
                        .replace(
                                "\"models\": [\"m1\", \"m2\"]",
                                "\"models\": [\"m1\", \"m2\"], \"transformer\": {\"use\": [[\"vertex-claude\", {\"project\": \"p\"}],"
                                        + " \"cerebras\", \"extrathinktag\"],"
                                        + " \"m2\": {\"use\": [\"forcereasoning\", [\"vercel\", {\"providerOptions\": {}}]]}}"));

        CliRun run = CliRun.of(env, "config", "validate");

        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void startNamesAPortTakenByARouterOfAnotherHome() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a router of another home refuses this home's admin token
        other.createContext("/api/status", exchange -> {
            byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                            + "\"message\":\"the admin API needs the admin token in /elsewhere/admin-token\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        CliRun run = startOnThePortOf(other);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("a model-router already listens on http://127.0.0.1:"
                        + other.getAddress().getPort() + " but");
    }

    @Test
    void startNamesAPortTakenByAnotherProgram() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);

        CliRun run = startOnThePortOf(other);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("port " + other.getAddress().getPort() + " on 127.0.0.1 is in use by another program");
    }

    /** {@code router start} with a config whose port {@code other} listens on for the while. */
    private CliRun startOnThePortOf(HttpServer other) throws Exception {
        other.start();
        try {
            Files.writeString(config, CONFIG.formatted(other.getAddress().getPort()));
            return CliRun.of(env, "start");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void stopWithoutADaemonIsANoOp() {
        CliRun run = CliRun.of(env, "stop");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("model-router is not running\n");
    }

    @Test
    void configPathFollowsRouterHome() {
        assertThat(CliRun.of(env, "config", "path").out()).isEqualTo(config + "\n");
        assertThat(CliRun.of(env, "config", "validate").exit()).isZero();
    }
}
