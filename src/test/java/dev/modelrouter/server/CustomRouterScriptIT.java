package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** ccr's CUSTOM_ROUTER_PATH: a JavaScript router run by Node.js picks the target ahead of the scenarios. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomRouterScriptIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    // routes by what the user wrote; throws on request, answers a provider it does not know, or nothing
    static final String SCRIPT = """
            module.exports = async function router(req, config) {
              const text = JSON.stringify(req.body.messages);
              if (text.includes('use-second')) return 'Anth,second';
              if (text.includes('boom')) throw new Error('script failed');
              if (text.includes('nowhere')) return 'nope,none';
              if (req.sessionId === 'sess-42') return 'anth,third';
              if (JSON.stringify(req.body.system || '').includes('anthropic-shaped')) return 'anth,third';
              if (text.includes('tokens') && req.tokenCount > 0 && config.Router.default === 'anth,first') {
                return 'anth,third';
              }
              return null;
            };
            """;

    @LocalServerPort
    int port;

    WebTestClient client;

    static final Path HOME = LocalRouter.newHome();

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("router-script");
        Files.writeString(dir.resolve("custom-router.js"), SCRIPT);
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                     "models": ["first", "second", "third"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,first"},
                  "CUSTOM_ROUTER_PATH": "%s"
                }
                """.formatted(UPSTREAM.url(), dir.resolve("custom-router.js"));
        RouterConfigs.register(registry, json, HOME);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        NodeJs.assumeInstalled();
        client = LocalRouter.adminClient(port, HOME);
    }

    private String route(String said) {
        return routed(
                "/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + said + "\"}]}");
    }

    /** The x-router-route of a request the upstream answers with {@link Reply#hi()}. */
    private String routed(String uri, String body) {
        UPSTREAM.enqueue(Reply.hi());
        return LocalRouter.route(client, uri, body, Map.of());
    }

    @Test
    void theScriptsChoiceWinsOverTheScenarios() {
        assertThat(route("please use-second")).isEqualTo("custom anth,second");
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"second\"");
        assertThat(route("count my tokens")).isEqualTo("custom anth,third");
    }

    @Test
    void nothingOrAFailureLeavesItToTheScenarios() {
        assertThat(route("hello")).isEqualTo("default anth,first");
        assertThat(route("boom")).isEqualTo("default anth,first");
        assertThat(route("use-second again")).isEqualTo("custom anth,second");
    }

    @Test
    void theScriptSeesClaudeCodesSessionIdInBothFormats() {
        for (String userId : new String[] {
            "user_abc_account_def_session_sess-42",
            "{\\\"device_id\\\":\\\"d\\\",\\\"account_uuid\\\":\\\"a\\\",\\\"session_id\\\":\\\"sess-42\\\"}"
        }) {
            String header = routed(
                    "/v1/messages",
                    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64," + "\"metadata\":{\"user_id\":\"" + userId
                            + "\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(header).as(userId).isEqualTo("custom anth,third");
        }
    }

    @Test
    void anOpenAiClientsRequestReachesTheScriptAsAnAnthropicBody() {
        String header = routed(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"anthropic-shaped\"},{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(header).isEqualTo("custom anth,third");
    }

    @Test
    void statusSaysWhereTheScriptIsAndThatItRuns() {
        route("hello");

        client.get()
                .uri("/api/status")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.customRouter.path")
                .value(p -> assertThat((String) p).endsWith("custom-router.js"))
                .jsonPath("$.customRouter.state")
                .isEqualTo("running");
    }

    @Test
    void aTargetConfigJsonDoesNotHaveIsTheClientsError() {
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"nowhere\"}]}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("error")
                .jsonPath("$.error.message")
                .value(
                        m -> assertThat((String) m)
                                .startsWith(
                                        "the custom router (CUSTOM_ROUTER_PATH) chose model \"nope,none\": no provider named 'nope'"));
    }

    @Test
    void openAiClientsAreRoutedByTheScriptToo() {
        String header = routed(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"use-second\"}]}");
        assertThat(header).isEqualTo("custom anth,second");
    }
}
