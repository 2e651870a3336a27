package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NettyLeaks;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
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
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

@ExtendWith(NettyLeaks.class)
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnthropicPassthroughIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    static final String MESSAGE =
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                    + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}";

    static final List<String> STREAM = List.of(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {
                  // a ccr 2.x config, comments and all
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-upstream-secret",
                     "models": ["claude-up", "haiku-up", "think-up"], "transformer": {"use": ["anthropic"]}},
                    {"name": "nokey", "api_base_url": "%s/v1/messages", "api_key": "$UNSET_ROUTER_TEST_KEY",
                     "models": ["m"], "transformer": {"use": ["anthropic"]}},
                    {"name": "down", "api_base_url": "http://127.0.0.1:9/v1/messages", "api_key": "sk-down-secret",
                     "models": ["m"], "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {"default": "anth,claude-up", "background": "anth,haiku-up", "think": "anth,think-up"},
                  "MAX_BODY_BYTES": 100000,
                  "resilience": {"max_attempts": 1},
                }
                """.formatted(UPSTREAM.url(), UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.client(port);
    }

    private static String request(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"stream\":" + stream
                + ",\"system\":[{\"type\":\"text\",\"text\":\"You are helpful.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi \\u00e9\"}],\"temperature\":1.0}";
    }

    @Test
    void forwardsTheBodyWithOnlyTheModelRewrittenAndRelaysTheAnswerUnchanged() {
        UPSTREAM.enqueue(Reply.json(200, MESSAGE));
        String body = request("claude-sonnet-5-5", false);
        byte[] answer = client.post()
                .uri("/v1/messages?beta=true")
                .header("authorization", "Bearer client-token")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .header("x-stainless-os", "Linux")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody()
                .returnResult()
                .getResponseBody();
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(MESSAGE);
        ScriptedUpstream.Received got = UPSTREAM.last();
        assertThat(got.uri()).isEqualTo("/v1/messages");
        assertThat(got.bodyText()).isEqualTo(body.replace("claude-sonnet-5-5", "claude-up"));
        assertThat(got.headers())
                .containsEntry("x-api-key", "sk-upstream-secret")
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .doesNotContainKey("authorization")
                .doesNotContainKey("x-stainless-os");
    }

    @Test
    void relaysAStreamByteForByte() {
        UPSTREAM.enqueue(Reply.sse(STREAM).paced(Duration.ofMillis(5)));
        byte[] answer = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("claude-opus-5-5", true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody()
                .returnResult()
                .getResponseBody();
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(String.join("", STREAM));
    }

    @Test
    void routesHaikuToBackgroundAndExplicitProviderModelAsNamed() {
        UPSTREAM.enqueue(Reply.json(200, MESSAGE), Reply.json(200, MESSAGE));
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("claude-haiku-5-5", false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "background anth,haiku-up")
                .expectBody(String.class);
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("ANTH,think-up", false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "explicit anth,think-up")
                .expectBody(String.class);
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"think-up\"");
    }

    @Test
    void relaysUpstreamErrorsWithTheirStatusNamingProviderAndModel() {
        UPSTREAM.enqueue(new Reply(
                429,
                java.util.Map.of("content-type", "application/json", "retry-after", "7"),
                List.of("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"),
                Duration.ZERO));
        String answer = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("claude-opus-5-5", false))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals("retry-after", "7")
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("\"type\":\"error\"", "rate_limit_error", "anth", "claude-up", "slow down");
    }

    @Test
    void reportsAnUnreachableUpstreamAs502WithoutTheKey() {
        String answer = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("down,m", false))
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("\"type\":\"error\"", "down", "127.0.0.1:9").doesNotContain("sk-down-secret");
    }

    @Test
    void refusesAProviderWithoutKeyBeforeAnyUpstreamCall() {
        int before = UPSTREAM.received().size();
        String answer = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("nokey,m", false))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(answer).contains("nokey", "no API key");
        assertThat(UPSTREAM.received()).hasSize(before);
    }

    @Test
    void answersBadInputInAnthropicsErrorFormat() {
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\": \"x\",\n \"messages\": [}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("error")
                .jsonPath("$.error.type")
                .isEqualTo("invalid_request_error")
                .jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("line 2"));
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"x\",\"messages\":[],\"pad\":\"" + "x".repeat(200_000) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("request_too_large");
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"nope,m\",\"max_tokens\":5,\"messages\":[]}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("no provider named 'nope'", "anth"));
    }

    @Test
    void countsTokensLocallyWhenTheProviderCannotCount() {
        UPSTREAM.enqueue(Reply.json(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\"}}"));
        int before = UPSTREAM.received().size();
        client.post()
                .uri("/v1/messages/count_tokens?beta=true")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hello world\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.input_tokens")
                .isEqualTo(2);
        assertThat(UPSTREAM.received()).hasSize(before + 1);
    }

    @Test
    void servesModelsHealthAndHello() {
        client.get()
                .uri("/v1/models")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.data[0].id")
                .isEqualTo("anth,claude-up")
                .jsonPath("$.data[0].type")
                .isEqualTo("model");
        client.get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("ok");
        client.head().uri("/api/hello").exchange().expectStatus().isOk();
        client.get()
                .uri("/nope")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("not_found_error");
    }

    @Test
    void aClientThatGoesAwayCancelsTheUpstreamCall() throws InterruptedException {
        List<String> slow = new java.util.ArrayList<>(STREAM.subList(0, 2));
        for (int i = 0; i < 50; i++) {
            slow.add(STREAM.get(2));
        }
        UPSTREAM.enqueue(Reply.sse(slow).paced(Duration.ofMillis(100)));
        int before = UPSTREAM.cancelled();
        HttpClient.create()
                .post()
                .uri("http://127.0.0.1:" + port + "/v1/messages")
                .send(Mono.just(io.netty.buffer.Unpooled.copiedBuffer(
                        request("claude-opus-5-5", true), StandardCharsets.UTF_8)))
                .responseContent()
                .take(3)
                .blockLast(Duration.ofSeconds(10));
        // an upstream stream that is read to its end (5 s) completes without a cancel, however long one waits
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(UPSTREAM::cancelled, n -> n > before);
    }
}
