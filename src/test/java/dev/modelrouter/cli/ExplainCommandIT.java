package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
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
        RouterConfigs.register(registry, json, HOME);
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
        int calls = UPSTREAM.received().size(); // the by-id test routes one request for real
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
        assertThat(UPSTREAM.received()).as("no provider called").hasSize(calls);
    }

    @Test
    void explainSaysWhenLongContextFiresWithTheTokenCount() throws Exception {
        int calls = UPSTREAM.received().size();
        CliRun run = CliRun.of(env, "explain", request("hello ".repeat(40_000)).toString());

        assertThat(run.out())
                .contains("route:   longContext anth,long\n")
                .containsPattern("  longContext    FIRED           ~\\d+ tokens \\(\\d+ bytes\\) > 30000");
        assertThat(UPSTREAM.received()).hasSize(calls);
    }

    @Test
    void explainJsonIsTheDaemonsAnswer() throws Exception {
        CliRun run = CliRun.of(env, "explain", "--json", request("hello").toString());

        assertThat(run.exit()).isZero();
        assertThat(CliJson.read(run.out()).path("route").asString()).isEqualTo("default anth,m");
        assertThat(run.out()).doesNotContain(KEY);
    }

    @Test
    void explainByIdOfARequestLogLinePrintsWhatExplainingItsBodyPrints() throws Exception {
        UPSTREAM.enqueue(ScriptedUpstream.Reply.hi());
        String body = Files.readString(request("explain me by id")).replace("claude-sonnet-4-5", "claude-cli-by-id");
        LocalRouter.route(LocalRouter.adminClient(port, HOME), "/v1/messages", body, Map.of());
        String id = CliJson.read(LocalRouter.requestLogLine(HOME, "claude-cli-by-id"))
                .path("id")
                .asString();
        Path file = Files.writeString(Files.createTempFile(HOME, "request", ".json"), body);

        CliRun byId = CliRun.of(env, "explain", "--id", id);

        assertThat(byId.exit()).as(byId.err()).isZero();
        assertThat(byId.out())
                .isEqualTo(CliRun.of(env, "explain", file.toString()).out())
                .contains("request: anthropic, model claude-cli-by-id\n", "route:   default anth,m\n")
                .doesNotContain(KEY);
        CliRun json = CliRun.of(env, "explain", "--json", "--id", id);
        assertThat(CliJson.read(json.out()).path("route").asString()).isEqualTo("default anth,m");
    }

    @Test
    void explainByAnIdNoLongerKeptSaysTheRouterKeepsOnlyTheLastRequests() {
        CliRun run = CliRun.of(env, "explain", "--id", "0123456789ab");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no request with id 0123456789ab is kept", "only the last 100 requests");
    }
}
