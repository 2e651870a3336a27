package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Received;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ccr's {@code vertex-gemini}, {@code vertex-claude} and {@code vertex-openai} against a fake Google token
 * endpoint (service accounts whose {@code token_uri} points at it, keys made here) and a fake Vertex AI
 * upstream that answers by the path it is called at.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VertexIT {

    static final ScriptedUpstream VERTEX = new ScriptedUpstream();
    static final AtomicInteger ISSUED = new AtomicInteger();
    static final HttpServer TOKENS = tokenEndpoint();
    static final JsonMapper JSON = JsonMapper.shared();
    static final String PREFIX = "/v1/projects/proj-7/locations/europe-west4";

    static final List<String> ANTHROPIC_STREAM = List.of(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_v\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4@20250514\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"From Vertex Claude\"}}\n\n",
            "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

    static final List<String> GEMINI_STREAM = List.of(
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"From Vertex \"}],\"role\":\"model\"},\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":2,\"totalTokenCount\":11}}\n\n",
            "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Gemini\"}],\"role\":\"model\"},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":3,\"totalTokenCount\":12}}\n\n");

    static final List<String> OPENAI_STREAM = List.of(
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"google/gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"From Vertex OpenAI\"},\"finish_reason\":null}]}\n\n",
            "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"google/gemini-2.5-flash\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}}\n\n",
            "data: [DONE]\n\n");

    @LocalServerPort
    int port;

    WebTestClient client;

    /** Tokens named by the order they were issued in; {@code /short} ones expire at once, so the next call refreshes. */
    private static HttpServer tokenEndpoint() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/denied", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", "application/json");
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            for (String path : List.of("/token", "/short")) {
                int expiresIn = path.equals("/short") ? 1 : 3600;
                server.createContext(path, exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    byte[] body = ("{\"access_token\":\"ya29.t" + ISSUED.incrementAndGet() + "\",\"expires_in\":"
                                    + expiresIn + ",\"token_type\":\"Bearer\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("content-type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
            }
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\\n"
                    + Base64.getEncoder()
                            .encodeToString(
                                    generator.generateKeyPair().getPrivate().getEncoded())
                    + "\\n-----END PRIVATE KEY-----\\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A service-account file whose tokens come from {@code path} of the fake token endpoint. */
    private static Path serviceAccount(String name, String path) {
        try {
            Path file = Files.createTempDirectory("vertex-sa").resolve(name + ".json");
            Files.writeString(
                    file, """
                    {"type": "service_account", "project_id": "sa-project", "private_key_id": "k1",
                     "private_key": "%s", "client_email": "%s@sa-project.iam.gserviceaccount.com",
                     "client_id": "1", "token_uri": "http://127.0.0.1:%d%s"}
                    """.formatted(pem(), name, TOKENS.getAddress().getPort(), path));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String tokenUri = "http://127.0.0.1:" + TOKENS.getAddress().getPort() + "/token";
        String json = """
                {
                  "Providers": [
                    {"name": "vclaude", "api_base_url": "%1$s", "api_key": "", "models": ["claude-sonnet-4@20250514"],
                     "transformer": {"use": [["vertex-claude", {"project": "proj-7", "location": "europe-west4",
                                                              "credentials": "%2$s"}]]}},
                    {"name": "vgemini", "api_base_url": "%1$s", "models": ["gemini-2.5-pro"],
                     "transformer": {"use": [["vertex-gemini", {"project": "proj-7", "location": "europe-west4",
                                                              "credentials": "%3$s"}]]}},
                    {"name": "vopenai", "api_base_url": "%1$s", "models": ["gemini-2.5-flash"],
                     "transformer": {"use": [["vertex-openai", {"project": "proj-7", "location": "europe-west4",
                          "client_email": "ccr@sa-project.iam.gserviceaccount.com", "private_key": "%4$s",
                          "token_uri": "%5$s"}]]}},
                    {"name": "vshort", "api_base_url": "%1$s", "models": ["claude-sonnet-4@20250514"],
                     "transformer": {"use": [["vertex-claude", {"project": "proj-7", "location": "europe-west4",
                                                              "credentials": "%6$s"}]]}},
                    {"name": "vnone", "api_base_url": "%1$s", "models": ["gemini-2.5-pro"],
                     "transformer": {"use": [["vertex-gemini", {"project": "proj-7",
                                                              "credentials": "/nonexistent/no-such-sa.json"}]]}},
                    {"name": "vdenied", "api_base_url": "%1$s", "models": ["gemini-2.5-pro"],
                     "transformer": {"use": [["vertex-gemini", {"project": "proj-7", "credentials": "%7$s"}]]}}
                  ],
                  "Router": {"default": "vclaude,claude-sonnet-4@20250514"},
                  "resilience": {"max_attempts": 1}
                }
                """.formatted(
                        VERTEX.url(),
                        serviceAccount("claude", "/token"),
                        serviceAccount("gemini", "/token"),
                        pem(),
                        tokenUri,
                        serviceAccount("short", "/short"),
                        serviceAccount("denied", "/denied"));
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        VERTEX.close();
        TOKENS.stop(0);
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.client(port);
        VERTEX.clearScript()
                .otherwise(
                        r -> r.uri().contains(":streamRawPredict")
                                ? Reply.sse(ANTHROPIC_STREAM)
                                : r.uri().contains(":streamGenerateContent")
                                        ? Reply.sse(GEMINI_STREAM)
                                        : r.uri().endsWith("/endpoints/openapi/chat/completions")
                                                ? Reply.sse(OPENAI_STREAM)
                                                : Reply.json(
                                                        404,
                                                        "{\"error\":{\"code\":404,\"message\":\"no such path\",\"status\":\"NOT_FOUND\"}}"));
    }

    private String anthropicTurn(String model) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":512,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        byte[] answer = client.post()
                .uri("/v1/messages")
                .header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(answer, StandardCharsets.UTF_8);
    }

    private static JsonNode body(Received r) {
        return JSON.readTree(r.body());
    }

    @Test
    void anAnthropicClientPassesThroughToClaudeOnVertexWithTheModelInTheUrlAndAnthropicVersionInTheBody() {
        String answer = anthropicTurn("claude-sonnet-4-5");

        Received got = VERTEX.last();
        assertThat(got.uri())
                .isEqualTo(PREFIX + "/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict");
        assertThat(got.headers().get("authorization")).matches("Bearer ya29\\.t\\d+");
        assertThat(got.headers())
                .doesNotContainKeys("x-api-key", "anthropic-version")
                .containsEntry("anthropic-beta", "claude-code-20250219");
        JsonNode sent = body(got);
        assertThat(sent.has("model"))
                .as("Vertex takes the model in the URL only")
                .isFalse();
        assertThat(sent.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
        assertThat(sent.path("messages").get(0).path("content").asString()).isEqualTo("Hello");
        assertThat(answer).as("the answer is relayed as Vertex sent it").isEqualTo(String.join("", ANTHROPIC_STREAM));
    }

    @Test
    void anAnthropicClientReachesGeminiOnVertexThroughTheGeminiProtocol() {
        String answer = anthropicTurn("vgemini,gemini-2.5-pro");

        Received got = VERTEX.last();
        assertThat(got.uri())
                .isEqualTo(PREFIX + "/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertThat(got.headers().get("authorization")).matches("Bearer ya29\\.t\\d+");
        assertThat(got.headers()).doesNotContainKeys("x-goog-api-key");
        JsonNode sent = body(got);
        assertThat(sent.has("model")).isFalse();
        assertThat(sent.path("contents")
                        .get(0)
                        .path("parts")
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("Hello");
        assertThat(answer)
                .contains("event: message_start")
                .contains("\"text\":\"From Vertex \"")
                .contains("\"text\":\"Gemini\"")
                .contains("event: message_stop");
    }

    @Test
    void anAnthropicClientReachesVertexOpenAiEndpointWithThePublisherInTheModel() {
        String answer = anthropicTurn("vopenai,gemini-2.5-flash");

        Received got = VERTEX.last();
        assertThat(got.uri()).isEqualTo(PREFIX + "/endpoints/openapi/chat/completions");
        assertThat(got.headers().get("authorization")).matches("Bearer ya29\\.t\\d+");
        JsonNode sent = body(got);
        assertThat(sent.path("model").asString()).isEqualTo("google/gemini-2.5-flash");
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(answer).contains("\"text\":\"From Vertex OpenAI\"").contains("event: message_stop");
    }

    @Test
    void anExpiringTokenIsRefreshedAndALastingOneIsReused() {
        anthropicTurn("vshort,claude-sonnet-4@20250514");
        String first = VERTEX.last().headers().get("authorization");
        anthropicTurn("vshort,claude-sonnet-4@20250514");
        String second = VERTEX.last().headers().get("authorization");
        anthropicTurn("vclaude,claude-sonnet-4@20250514");
        String lasting = VERTEX.last().headers().get("authorization");
        anthropicTurn("vclaude,claude-sonnet-4@20250514");

        assertThat(second)
                .as("a token that expires within the refresh margin is replaced")
                .isNotEqualTo(first);
        assertThat(VERTEX.last().headers().get("authorization"))
                .as("a lasting token is cached")
                .isEqualTo(lasting);
    }

    @Test
    void missingCredentialsAreAClearErrorNamingTheFileAndWhatToDo() {
        int before = VERTEX.received().size();
        String answer = new String(
                client.post()
                        .uri("/v1/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"model\":\"vnone,gemini-2.5-pro\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .exchange()
                        .expectStatus()
                        .is4xxClientError()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        assertThat(answer)
                .contains("provider 'vnone'")
                .contains("no-such-sa.json")
                .contains("GOOGLE_APPLICATION_CREDENTIALS");
        assertThat(VERTEX.received()).hasSize(before);
    }

    @Test
    void anOpenAiClientIsTranslatedToClaudeOnVertexWithTheSameBodyShape() {
        String answer = new String(
                client.post()
                        .uri("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"model\":\"vclaude,claude-sonnet-4@20250514\",\"stream\":true,\"max_tokens\":64,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        Received got = VERTEX.last();
        assertThat(got.uri())
                .isEqualTo(PREFIX + "/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict");
        JsonNode sent = body(got);
        assertThat(sent.has("model")).isFalse();
        assertThat(sent.path("anthropic_version").asString()).isEqualTo("vertex-2023-10-16");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(answer).contains("From Vertex Claude").contains("data: [DONE]");
    }

    @Test
    void aRefusedTokenGrantIsABadGatewayNamingTheProviderAndNothingIsSent() {
        int before = VERTEX.received().size();
        String answer = new String(
                client.post()
                        .uri("/v1/messages")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"model\":\"vdenied,gemini-2.5-pro\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")
                        .exchange()
                        .expectStatus()
                        .isEqualTo(502)
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        assertThat(answer)
                .contains("provider 'vdenied'")
                .contains("no Google access token")
                .contains("invalid_grant")
                .doesNotContain("PRIVATE KEY");
        assertThat(VERTEX.received()).hasSize(before);
    }
}
