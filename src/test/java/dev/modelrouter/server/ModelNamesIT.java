package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client's model name is checked before anything goes upstream (control characters and over-long
 * names are a 400 in the client's own protocol), and it reaches a Gemini provider as exactly one
 * path segment of the URL, whatever characters it holds.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelNamesIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String GEMINI_HI = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1}}";

    @LocalServerPort
    int port;

    static Path home;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        try {
            home = Files.createTempDirectory("router-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
        String json = """
                {"Providers": [
                  {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "sk-anth",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}},
                  {"name": "oai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "sk-oai", "models": ["gpt-up"]},
                  {"name": "gem", "api_base_url": "%1$s/v1beta", "api_key": "sk-gem", "models": ["gemini-2.5-pro"],
                   "transformer": {"use": ["gemini"]}}],
                 "Router": {"default": "anth,claude-up"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void answerEveryProtocol() {
        UPSTREAM.clearScript()
                .otherwise(r -> r.uri().endsWith("?alt=sse")
                        ? Reply.sse(List.of("data: " + GEMINI_HI + "\r\n\r\n"))
                        : r.uri().startsWith("/v1beta/")
                                ? Reply.json(200, GEMINI_HI)
                                : r.uri().startsWith("/v1/chat/")
                                        ? Reply.json(
                                                200,
                                                "{\"id\":\"c1\",\"object\":\"chat.completion\","
                                                        + "\"model\":\"gpt-up\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                                                        + "\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
                                                        + "\"completion_tokens\":1}}")
                                        : Reply.hi());
    }

    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of("newline", "claude\nINFO forged log line"),
                Arguments.of("carriage return", "claude\r\nx-injected: 1"),
                Arguments.of("NUL", "claude\u0000"),
                Arguments.of("DEL", "claude\u007f"),
                Arguments.of("C1 NEL", "claude\u0085"),
                Arguments.of("line separator", "claude\u2028x"),
                Arguments.of("paragraph separator", "claude\u2029x"),
                Arguments.of("control char in the model piece", "gem,gemini\u0007"),
                Arguments.of("newline in an explicit model", "anth,claude-up\nx-forged: 1"),
                Arguments.of("control char in the provider piece", "ge\u001bm,gemini-2.5-pro"),
                Arguments.of("257 ASCII bytes", "m".repeat(257)),
                Arguments.of("258 UTF-8 bytes in 129 chars", "é".repeat(129)),
                Arguments.of("over-long model piece", "gem," + "g".repeat(300)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedNames")
    void aBadModelNameIsA400InEachClientsProtocolAndNothingGoesUpstream(String what, String model) {
        int before = UPSTREAM.received().size();

        JsonNode anthropic = refused("/v1/messages", anthropicBody(model).toString());
        assertThat(anthropic.path("type").asString()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(anthropic.path("error").path("message").asString()).contains("model name");

        JsonNode openai = refused("/v1/chat/completions", openAiBody(model));
        assertThat(openai.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(openai.path("error").path("message").asString()).contains("model name");
        // not Spring's default error body
        assertThat(openai.has("timestamp") || openai.has("path") || openai.has("status"))
                .isFalse();

        JsonNode gemini = refused(
                "/v1beta/models/"
                        + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + ":generateContent",
                geminiBody());
        assertThat(gemini.path("error").path("status").asString()).isEqualTo("INVALID_ARGUMENT");
        assertThat(gemini.path("error").path("code").asInt()).isEqualTo(400);

        assertThat(UPSTREAM.received()).hasSize(before);
    }

    @Test
    void slashesColonsAndExactly256BytesAreFine() {
        for (String model : List.of(
                "oai,openrouter/anthropic/claude-3.5-sonnet:beta",
                "oai,llama3.1:8b-instruct",
                "oai," + "x".repeat(252))) {
            LocalRouter.route(client(), "/v1/chat/completions", openAiBody(model), java.util.Map.of());
            assertThat(JSON.readTree(UPSTREAM.last().bodyText()).path("model").asString())
                    .isEqualTo(model.substring(4));
        }
    }

    static Stream<Arguments> geminiPaths() {
        return Stream.of(
                Arguments.of("gemini-2.5-pro", "gemini-2.5-pro"),
                Arguments.of("../../v1/evil", "..%2F..%2Fv1%2Fevil"),
                Arguments.of("..", ".."),
                Arguments.of("a?key=stolen", "a%3Fkey%3Dstolen"),
                Arguments.of("a#fragment", "a%23fragment"),
                Arguments.of("a b", "a%20b"),
                Arguments.of("50%", "50%25"),
                Arguments.of("50%2F", "50%252F"),
                Arguments.of("модель", "%D0%BC%D0%BE%D0%B4%D0%B5%D0%BB%D1%8C"),
                Arguments.of("😀", "%F0%9F%98%80"),
                Arguments.of("tunedModels/mine", "tunedModels%2Fmine"),
                Arguments.of("llama3:8b", "llama3%3A8b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("geminiPaths")
    void aGeminiProviderGetsTheModelAsOnePathSegmentOnce(String model, String segment) {
        int before = UPSTREAM.received().size();

        client().post()
                .uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(openAiBody("gem," + model))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.choices[0].message.content")
                .isEqualTo("Hi");
        String streamed = client().post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(anthropicBody("gem," + model).put("stream", true).toString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(streamed).contains("event: message_stop");

        List<ScriptedUpstream.Received> got = UPSTREAM.received();
        // one call each: no retry, no exception on the way out
        assertThat(got).hasSize(before + 2);
        assertThat(got.get(before).uri()).isEqualTo("/v1beta/models/" + segment + ":generateContent");
        assertThat(got.get(before + 1).uri()).isEqualTo("/v1beta/models/" + segment + ":streamGenerateContent?alt=sse");
        assertThat(got.get(before).headers()).containsEntry("x-goog-api-key", "sk-gem");
    }

    @Test
    void oddNamesNeitherRetryNorOpenACircuit() {
        int before = UPSTREAM.received().size();
        for (int i = 0; i < 8; i++) {
            client().post()
                    .uri("/v1/chat/completions")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(openAiBody("gem,a b?#%"))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        assertThat(UPSTREAM.received()).hasSize(before + 8);
        assertThat(adminGet("/api/status").path("circuits").toString()).doesNotContain("OPEN");
    }

    private JsonNode refused(String path, String body) {
        // as sent, not encoded again by a URI template
        byte[] answer = client().post()
                .uri(URI.create("http://127.0.0.1:" + port + path))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(400)
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(answer);
    }

    /** Every admin-API call of this test goes through here (the place for an admin credential). */
    private JsonNode adminGet(String path) {
        byte[] body = LocalRouter.adminClient(port, home)
                .get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body);
    }

    private WebTestClient client() {
        return LocalRouter.client(port);
    }

    private static ObjectNode anthropicBody(String model) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 16);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        return body;
    }

    private static String openAiBody(String model) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        return body.toString();
    }

    private static String geminiBody() {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello\"}]}]}";
    }
}
