package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code router explain}, black box, against a real daemon whose provider is scripted and never called. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplainCommandIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final String KEY = "sk-explain-cli-0123456789abcdef";

    @LocalServerPort
    int port;

    Map<String, String> env;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "%s",
                     "models": ["m", "long"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,m", "longContext": "anth,long", "longContextThreshold": 30000}
                }
                """.formatted(UPSTREAM.url(), KEY);
        registry.add(RouterConfiguration.CONFIG_PROPERTY, () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void recordDaemon() throws Exception {
        // as `router serve` records itself, so that the CLI finds this in-process daemon
        new DaemonInfo(ProcessHandle.current().pid(), "127.0.0.1", port, null).write(HOME.resolve("router.pid"));
        env = Map.of("ROUTER_HOME", HOME.toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    private static Path request(String text) throws Exception {
        Path file = Files.createTempFile(HOME, "request", ".json");
        Files.writeString(file, """
                {"model": "claude-sonnet-4-5", "max_tokens": 64,
                 "messages": [{"role": "user", "content": "%s"}]}""".formatted(text));
        return file;
    }

    @Test
    void explainPrintsTheRulesInOrderAndTheCallItWouldMake() throws Exception {
        CliRun run = CliRun.of(env, "explain", request("hello").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("request: anthropic, model claude-sonnet-4-5\n")
                .contains("route:   default anth,m\n")
                .contains("  explicit       no              model \"claude-sonnet-4-5\" is not provider,model\n")
                .contains("  longContext    no              ~")
                .contains("<= 30000")
                .contains("  think          not configured  \n")
                .contains("  default        FIRED           no other rule fired\n")
                .contains("  1. anth,m  circuit CLOSED  forward\n")
                .contains("     POST " + UPSTREAM.url() + "/v1/messages\n")
                .doesNotContain(KEY);
        assertThat(UPSTREAM.received()).as("no provider called").isEmpty();
    }

    @Test
    void explainSaysWhenLongContextFiresWithTheTokenCount() throws Exception {
        CliRun run = CliRun.of(env, "explain", request("hello ".repeat(40_000)).toString());

        assertThat(run.out()).contains("route:   longContext anth,long\n")
                .containsPattern("  longContext    FIRED           ~\\d+ tokens \\(\\d+ bytes\\) > 30000");
        assertThat(UPSTREAM.received()).isEmpty();
    }

    @Test
    void explainJsonIsTheDaemonsAnswer() throws Exception {
        CliRun run = CliRun.of(env, "explain", "--json", request("hello").toString());

        assertThat(run.exit()).isZero();
        assertThat(CliJson.read(run.out()).path("route").asString()).isEqualTo("default anth,m");
        assertThat(run.out()).doesNotContain(KEY);
    }
}
