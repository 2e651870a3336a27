package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NettyLeaks;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/explain}: the decision step by step, the calls it would make, and no provider called. */
@ExtendWith(NettyLeaks.class)
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExplainIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final String ANTHROPIC_KEY = "sk-ant-explain-0123456789abcdef";
    static final String OPENAI_KEY = "sk-oai-explain-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    WebTestClient admin;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "%2$s",
                     "models": ["m", "think"], "transformer": {"use": ["anthropic"]}},
                    {"name": "oai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "%3$s",
                     "models": ["gpt"], "transformer": {"use": [["maxtoken", {"max_tokens": 1000}]]}}
                  ],
                  "Router": {"default": ["anth,m", "oai,gpt"], "think": "anth,think"}
                }
                """.formatted(UPSTREAM.url(), ANTHROPIC_KEY, OPENAI_KEY);
        RouterConfigs.register(registry, json, HOME);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        admin = LocalRouter.adminClient(port, HOME);
    }

    private JsonNode explain(String uri, String body) {
        byte[] answer = admin.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JSON.readTree(answer);
    }

    private static List<String> steps(JsonNode explained) {
        return explained
                .path("steps")
                .valueStream()
                .map(s -> s.path("rule").asString() + ": " + s.path("verdict").asString())
                .toList();
    }

    @Test
    void explainsAnAnthropicRequestWithoutCallingAnyProvider() {
        int before = UPSTREAM.received().size();

        JsonNode out = explain("/api/explain", """
                {"model": "claude-sonnet-4-5", "max_tokens": 64, "stream": true,
                 "messages": [{"role": "user", "content": "hello"}]}""");

        assertThat(out.path("route").asString()).isEqualTo("default anth,m");
        assertThat(steps(out))
                .containsExactly(
                        "customRouter: not configured",
                        "routeRule: not configured",
                        "explicit: no",
                        "subagent: no",
                        "projectRoutes: no",
                        "longContext: not configured",
                        "background: not configured",
                        "webSearch: not configured",
                        "think: no",
                        "image: not configured",
                        "default: fired",
                        "contextWindow: not configured");
        assertThat(out.path("steps").get(8).path("detail").asString())
                .isEqualTo("no thinking budget, effort none (minimum xhigh)");
        assertThat(out.path("chain").valueStream().map(JsonNode::asString)).containsExactly("anth,m", "oai,gpt");
        JsonNode primary = out.path("targets").get(0);
        assertThat(primary.path("circuit").asString()).isEqualTo("CLOSED");
        assertThat(primary.path("strategy").asString()).isEqualTo("forward");
        assertThat(primary.path("upstream").path("url").asString()).isEqualTo(UPSTREAM.url() + "/v1/messages");
        assertThat(primary.path("upstream").path("body").asString())
                .as("the client's bytes, model rewritten")
                .contains("\"model\": \"m\", \"max_tokens\": 64");
        JsonNode fallback = out.path("targets").get(1);
        assertThat(fallback.path("strategy").asString()).isEqualTo("translate");
        assertThat(fallback.path("transformers").toString()).contains("MaxTokenTransformer");
        assertThat(fallback.path("upstream").path("body").asString())
                .contains("\"model\":\"gpt\"", "\"stream_options\"");
        assertThat(out.toString()).doesNotContain(ANTHROPIC_KEY, OPENAI_KEY);
        assertThat(UPSTREAM.received()).as("no provider called").hasSize(before);
    }

    @Test
    void explainsAnOpenAiRequestToldApartByItsShape() {
        int before = UPSTREAM.received().size();

        JsonNode out = explain("/api/explain", """
                {"model": "gpt-5", "reasoning_effort": "high",
                 "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]}""");

        assertThat(out.path("protocol").asString()).isEqualTo("openai");
        assertThat(out.path("route").asString()).isEqualTo("default anth,m");
        assertThat(out.path("targets").get(0).path("strategy").asString()).isEqualTo("translate");
        assertThat(UPSTREAM.received()).hasSize(before);
    }

    @Test
    void thinkFiresOnABudgetAndTheExplanationSaysSo() {
        JsonNode out = explain("/api/explain?protocol=anthropic", """
                {"model": "claude-sonnet-4-5", "max_tokens": 16000, "thinking": {"type": "enabled", "budget_tokens": 8000},
                 "messages": [{"role": "user", "content": "think hard"}]}""");

        assertThat(out.path("route").asString()).isEqualTo("think anth,think");
        assertThat(out.path("steps").get(8).path("detail").asString()).startsWith("thinking budget 8000");
        assertThat(out.path("steps").get(8).path("budget").asInt()).isEqualTo(8000);
    }

    @Test
    void anUnknownExplicitProviderIsExplainedAsTheErrorTheClientWouldGet() {
        JsonNode out = explain("/api/explain", """
                {"model": "nope,x", "max_tokens": 64, "messages": [{"role": "user", "content": "hi"}]}""");

        assertThat(out.path("error").asString()).contains("no provider named 'nope'");
        assertThat(out.path("targets").size()).isZero();
    }

    @Test
    void explainNeedsTheAdminToken() {
        LocalRouter.client(port)
                .post()
                .uri("/api/explain")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[]}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                // read, or its buffers are never released (NettyLeaks)
                .expectBody(String.class);
    }

    @Test
    void theRequestLogKeepsTheShortPlanOfEachRequest() throws Exception {
        UPSTREAM.enqueue(Reply.hi());
        LocalRouter.route(admin, "/v1/messages", """
                {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": [{"role": "user", "content": "log me"}]}""", Map.of());

        String line = LocalRouter.requestLogLine(HOME, "claude-sonnet-4-5");
        assertThat(line)
                .contains(
                        "\"plan\":[\"explicit: no (model \\\"claude-sonnet-4-5\\\" is not provider,model)\"",
                        "\"think: no (no thinking budget, effort none (minimum xhigh))\"",
                        "\"default: fired (no other rule fired)\"]");
    }

    @Test
    void explainByIdOfALogLineAnswersAsPostingTheSameBody() throws Exception {
        String prompt = "kept only in memory " + System.nanoTime();
        String body = """
                {"model": "claude-by-id", "max_tokens": 64, "thinking": {"type": "enabled", "budget_tokens": 2048},
                 "messages": [{"role": "user", "content": "%s"}]}""".formatted(prompt);
        UPSTREAM.enqueue(Reply.hi());
        LocalRouter.route(admin, "/v1/messages", body, Map.of());
        String id = JSON.readTree(LocalRouter.requestLogLine(HOME, "claude-by-id"))
                .path("id")
                .asString();
        assertThat(id).matches("[0-9a-f]{12}");
        int calls = UPSTREAM.received().size();

        JsonNode byId = explain("/api/explain?id=" + id, "");

        assertThat(byId).isEqualTo(explain("/api/explain", body));
        assertThat(byId.path("route").asString()).isEqualTo("think anth,think");
        assertThat(UPSTREAM.received()).as("explaining calls no provider").hasSize(calls);
        // the kept body is in memory only: in no file under the router's home, not in status
        try (var files = Files.walk(HOME)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8))
                        .as(f.toString())
                        .doesNotContain(prompt);
            }
        }
        String status = LocalRouter.status(admin);
        assertThat(status).doesNotContain(prompt).doesNotContain("kept only in memory");
    }

    @Test
    void anUnknownIdIsA404InAnthropicsShapeSayingWhatIsKept() {
        String answer = admin.post()
                .uri("/api/explain?id=0123456789ab")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        JsonNode error = JSON.readTree(answer);
        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("not_found_error");
        assertThat(error.path("error").path("message").asString())
                .contains("no request with id 0123456789ab", "keeps only the last 100 requests", "in memory");
    }

    @Test
    void anIdThatIsNotTwelveHexDigitsIsRefused() {
        admin.post()
                .uri("/api/explain?id=../../etc")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class);
        LocalRouter.client(port)
                .post()
                .uri("/api/explain?id=0123456789ab")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class);
    }
}
