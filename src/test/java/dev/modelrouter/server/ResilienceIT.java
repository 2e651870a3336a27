package dev.modelrouter.server;

import static dev.modelrouter.testing.AnthropicSse.START;
import static dev.modelrouter.testing.AnthropicSse.TAIL;
import static dev.modelrouter.testing.AnthropicSse.TEXT_START;
import static dev.modelrouter.testing.AnthropicSse.TOOL_START;
import static dev.modelrouter.testing.AnthropicSse.event;
import static dev.modelrouter.testing.AnthropicSse.textDelta;
import static dev.modelrouter.testing.AnthropicSse.toolDelta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Retries, fallback chains, circuit breakers, key pools and stream deadlines against two scripted providers. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResilienceIT {

    static final ScriptedUpstream A = new ScriptedUpstream();
    static final ScriptedUpstream B = new ScriptedUpstream();
    static final ScriptedUpstream C = new ScriptedUpstream();
    static final ScriptedUpstream D = new ScriptedUpstream();
    static final ScriptedUpstream E = new ScriptedUpstream();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"resilience": {"backoff_ms": 20, "max_backoff_ms": 80, "breaker_min_calls": 1000, "idle_timeout_ms": 1500},
                 "Providers": [
                   {"name": "a", "api_base_url": "%s/v1/messages", "api_key": ["key-one", "key-two"],
                    "models": ["m1", "m2", "ctx"], "transformer": {"use": ["anthropic"]}},
                   {"name": "c", "api_base_url": "%s/v1/messages", "api_key": "key-c", "models": ["cb"],
                    "transformer": {"use": ["anthropic"]},
                    "resilience": {"max_attempts": 1, "breaker_window": 4, "breaker_min_calls": 4, "breaker_open_ms": 60000}},
                   {"name": "d", "api_base_url": "%s/v1/messages", "api_key": "key-d", "models": ["one"],
                    "transformer": {"use": ["anthropic"]}, "resilience": {"max_concurrency": 1, "idle_timeout_ms": 60000}},
                   {"name": "e", "api_base_url": "%s/v1/messages", "api_key": "key-e", "models": ["one"],
                    "transformer": {"use": ["anthropic"]}, "resilience": {"idle_timeout_ms": 60000}},
                   {"name": "b", "api_base_url": "%s/v1/messages", "api_key": "key-b",
                    "models": ["m1", "m2", "cb", "long"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": ["a,m1", "b,m1"], "background": ["c,cb", "b,cb"], "longContext": "b,long",
                            "think": "a,ctx", "webSearch": ["d,one", "b,m1"]},
                 "fallback": {"think": ["b,m2"]}}
                """.formatted(A.url(), C.url(), D.url(), E.url(), B.url());
        RouterConfigs.register(registry, json);
    }

    @AfterAll
    static void stop() {
        ScriptedUpstream.closeAll(A, B, C, D, E);
    }

    @BeforeEach
    void connect() {
        ScriptedUpstream.clearScripts(A, B, C, D, E);
        client = LocalRouter.client(port, Duration.ofSeconds(30));
    }

    private static String request(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":100" + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static Reply error(int status, String type, String message) {
        return Reply.json(
                status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}");
    }

    private WebTestClient.ResponseSpec post(String body) {
        return client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    @Test
    void retriesATransientFailureOnTheSameTarget() {
        int a = A.received().size();
        A.enqueue(error(503, "overloaded_error", "busy"), Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(request("claude-sonnet-5-5", ""))
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default a,m1");
        assertThat(A.received()).hasSize(a + 2);
    }

    @Test
    void honoursRetryAfterBeforeRetryingTheSameTarget() {
        int a = A.received().size();
        A.enqueue(
                new Reply(
                        429,
                        Map.of("content-type", "application/json", "retry-after", "1"),
                        List.of("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}"),
                        Duration.ZERO),
                Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(request("claude-sonnet-5-5", ""))
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default a,m1");
        assertThat(A.received()).hasSize(a + 2);
        // as the provider saw it: the backoff alone would be 10 to 20 ms (key resting: ResilienceSettingsIT)
        List<Long> at = A.arrivals();
        assertThat(Duration.ofNanos(at.get(a + 1) - at.get(a))).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void fallsBackToTheNextTargetWhenRetriesAreExhausted() {
        int a = A.received().size();
        A.enqueue(error(500, "api_error", "boom"), error(502, "api_error", "boom"), error(500, "api_error", "boom"));
        B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(request("claude-sonnet-5-5", ""))
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default b,m1");
        assertThat(A.received()).hasSize(a + 3);
        assertThat(B.last().bodyText()).contains("\"model\":\"m1\"");
        assertThat(B.last().headers()).containsEntry("x-api-key", "key-b");
    }

    @Test
    void aClaudeCodeTurnRetriedAndThenFallenBackArrivesWholeEachTimeWithItsModelRewritten() throws Exception {
        byte[] turn;
        try (var in = ResilienceIT.class.getResourceAsStream("/fixtures/claude-code/main-turn.request.json")) {
            turn = in.readAllBytes();
        }
        // not streamed, and with a thinking budget: the think route, whose fallback names another model
        String body = new String(turn, StandardCharsets.UTF_8)
                .replaceFirst("\"stream\":\\s*true", "\"stream\": false")
                .replaceFirst(
                        "\"thinking\":\\s*\\{[^}]*}", "\"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 2000}");
        assertThat(body).contains("\"stream\": false").contains("\"budget_tokens\": 2000");
        int a = A.received().size();
        A.enqueue(
                error(503, "overloaded_error", "busy"),
                error(500, "api_error", "boom"),
                error(529, "overloaded_error", "busy"));
        B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(body).expectStatus().isOk().expectHeader().valueEquals("x-router-route", "think b,m2");
        // every attempt slices the client's one array again: no send may have consumed or changed it
        List<ScriptedUpstream.Received> first =
                A.received().subList(a, A.received().size());
        assertThat(first).hasSize(3);
        String up = body.replace("\"claude-opus-5-5\"", "\"ctx\"");
        for (ScriptedUpstream.Received sent : first) {
            assertThat(sent.body()).hasSize(up.getBytes(StandardCharsets.UTF_8).length);
            assertThat(sent.bodyText()).isEqualTo(up);
        }
        String fallback = body.replace("\"claude-opus-5-5\"", "\"m2\"");
        assertThat(B.last().body()).hasSize(fallback.getBytes(StandardCharsets.UTF_8).length);
        assertThat(B.last().bodyText()).isEqualTo(fallback);
    }

    @Test
    void neverRetriesWhatCannotSucceed() {
        int a = A.received().size();
        int b = B.received().size();
        A.enqueue(error(400, "invalid_request_error", "messages.0: bad"));
        post(request("claude-sonnet-5-5", ""))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("messages.0: bad"));
        assertThat(A.received()).hasSize(a + 1);
        assertThat(B.received()).hasSize(b);
    }

    @Test
    void movesAPromptTooLongForItsModelToTheLongContextTarget() {
        A.enqueue(error(400, "invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"));
        B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(request("claude-sonnet-5-5", ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"))
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "longContext b,long");
        assertThat(B.last().bodyText()).contains("\"model\":\"long\"");
    }

    @Test
    void theFinalErrorListsEveryTargetTried() {
        A.enqueue(error(404, "not_found_error", "no such model"));
        B.enqueue(error(404, "not_found_error", "no such model either"));
        String body = post(request("claude-sonnet-5-5", ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"))
                .expectStatus()
                .isNotFound()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("no such model either", "tried a,ctx (404), b,m2 (404)");
    }

    @Test
    void anOpenCircuitSendsRequestsStraightToTheFallback() {
        for (int i = 0; i < 4; i++) {
            C.enqueue(error(500, "api_error", "down"));
            B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
            post(request("claude-haiku-5-5", ""))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("x-router-route", "background b,cb");
        }
        int c = C.received().size();
        B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        post(request("claude-haiku-5-5", ""))
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "background b,cb");
        assertThat(C.received()).as("no call to c while its circuit is open").hasSize(c);
    }

    @Test
    void aStreamThatBreaksMidAnswerIsContinuedByTheFallbackInTheSameStream() {
        A.enqueue(Reply.sse(List.of(START, TEXT_START, textDelta("Hello wor"))));
        List<String> continuation = new java.util.ArrayList<>(List.of(START, TEXT_START, textDelta("ld!")));
        continuation.addAll(TAIL);
        B.enqueue(Reply.sse(continuation));
        String text = new String(
                post(request("claude-sonnet-5-5", ",\"stream\":true"))
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        assertThat(text).startsWith(START + TEXT_START + textDelta("Hello wor"));
        assertThat(text)
                .contains("\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ld!\"}")
                .contains("event: message_stop")
                .doesNotContain("event: error")
                .doesNotContain("\"index\":1");
        assertThat(text.split("event: message_start", -1)).hasSize(2);
        assertThat(text.split("event: content_block_start", -1)).hasSize(2);
        assertThat(B.last().bodyText())
                .contains("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello wor\"}]}");
    }

    @Test
    void aStreamCutInsideAToolCallIsRestartedOnTheFallbackAndTheClientSeesOneWholeCall() {
        A.enqueue(Reply.sse(List.of(START, TOOL_START, toolDelta("{\"comm"))));
        B.enqueue(Reply.sse(List.of(
                START,
                TOOL_START,
                toolDelta("{\"command\":"),
                toolDelta("\"ls\"}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                                + "\"usage\":{\"output_tokens\":3}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"))));
        String text = new String(
                post(request("claude-sonnet-5-5", ",\"stream\":true"))
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("event: error", toolDelta("{\"comm")).contains("message_stop", "tool_use");
        assertThat(text.split("event: content_block_start", -1)).hasSize(2);
        assertThat(text.split("\"type\":\"tool_use\"", -1)).hasSize(2);
        assertThat(text).contains(toolDelta("{\"command\":"), toolDelta("\"ls\"}"));
        assertThat(B.last().bodyText()).doesNotContain("\"role\":\"assistant\"");
    }

    @Test
    void aStreamCutInsideAToolCallWithNoFallbackLeftEndsWithAClearError() {
        A.enqueue(Reply.sse(List.of(START, TOOL_START, toolDelta("{\"comm"))));
        B.enqueue(error(500, "api_error", "down too"));
        String text = new String(
                post(request("claude-sonnet-5-5", ",\"stream\":true"))
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        assertThat(text)
                .contains("event: error", "ended before the answer was complete", "could not continue it")
                .doesNotContain("message_stop", "tool_use");
    }

    private static final String SEARCH = ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]";

    /** Starts a streamed request that {@code busy} answers with a first event and then holds open. */
    private reactor.core.Disposable holdOneRequestOpen(ScriptedUpstream busy, String model, String extra) {
        int before = busy.received().size();
        busy.enqueue(Reply.sse(List.of(START)).thenSilence());
        reactor.core.Disposable held = reactor.netty.http.client.HttpClient.create()
                .post()
                .uri("http://127.0.0.1:" + port + "/v1/messages")
                .send(reactor.core.publisher.Mono.just(io.netty.buffer.Unpooled.copiedBuffer(
                        request(model, extra + ",\"stream\":true"), StandardCharsets.UTF_8)))
                .responseContent()
                .aggregate()
                .asString()
                .subscribe();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> busy.received().size() > before);
        return held;
    }

    @Test
    void aProviderAtItsConcurrencyLimitIsSkippedForTheFallback() {
        int d = D.received().size();
        int b = B.received().size();
        reactor.core.Disposable busy = holdOneRequestOpen(D, "claude-sonnet-5-5", SEARCH);
        try {
            D.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
            B.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
            post(request("claude-sonnet-5-5", SEARCH))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("x-router-route", "webSearch b,m1");
            assertThat(D.received())
                    .as("the second request never reached the busy provider")
                    .hasSize(d + 1);
            assertThat(B.received()).hasSize(b + 1);
        } finally {
            busy.dispose();
        }
    }

    @Test
    void withoutAConcurrencyLimitTheSecondRequestReachesTheBusyProvider() {
        int e = E.received().size();
        reactor.core.Disposable busy = holdOneRequestOpen(E, "e,one", "");
        try {
            E.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
            post(request("e,one", ""))
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("x-router-route", "explicit e,one");
            assertThat(E.received()).hasSize(e + 2);
        } finally {
            busy.dispose();
        }
    }

    @Test
    void aStalledStreamEndsWithAnErrorEventNotAFakeEndTurn() {
        A.enqueue(Reply.sse(List.of(
                        AnthropicPassthroughIT.STREAM.get(0),
                        AnthropicPassthroughIT.STREAM.get(1),
                        AnthropicPassthroughIT.STREAM.get(2)))
                .thenSilence());
        long started = System.nanoTime();
        byte[] answer = post(request("claude-sonnet-5-5", ",\"stream\":true"))
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String text = new String(answer, StandardCharsets.UTF_8);
        assertThat(text)
                .startsWith(AnthropicPassthroughIT.STREAM.get(0))
                .contains("event: error", "went silent")
                .doesNotContain("message_stop", "end_turn");
        // idle_timeout_ms is 1500: the silence began after the request was sent, and is ended by the
        // router, not by the provider (which would stay silent for good)
        assertThat(took).isBetween(Duration.ofMillis(1450), Duration.ofSeconds(10));
    }
}
