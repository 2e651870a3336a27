package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** APIKEY protects every endpoint but /health; no key, ours or a provider's, ever reaches the log. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        classes = RouterApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.dev.modelrouter=DEBUG")
class ApiKeyIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final String ROUTER_KEY = "router-secret-0123456789";
    static final String PROVIDER_KEY = "sk-provider-secret-9876543210";

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"APIKEY": "%s",
                 "Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "%s",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}},
                   {"name": "down", "api_base_url": "http://127.0.0.1:9/v1/chat/completions", "api_key": "%s",
                   "models": ["m"]}],
                 "Router": {"default": "anth,m"}}
                """.formatted(ROUTER_KEY, UPSTREAM.url(), PROVIDER_KEY, PROVIDER_KEY);
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

    private static final String BODY =
            "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void requiresTheKeyEverywhereButHealth(CapturedOutput output) {
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.type")
                .isEqualTo("authentication_error");
        client.post()
                .uri("/v1/messages")
                .header("x-api-key", ROUTER_KEY + "x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.post()
                .uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.message")
                .exists()
                .jsonPath("$.type")
                .doesNotExist();
        client.get().uri("/v1/models").exchange().expectStatus().isUnauthorized();
        client.get().uri("/health").exchange().expectStatus().isOk();

        UPSTREAM.enqueue(
                Reply.json(200, AnthropicPassthroughIT.MESSAGE), Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        client.post()
                .uri("/v1/messages")
                .header("x-api-key", ROUTER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/v1/messages")
                .header("authorization", "Bearer " + ROUTER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(UPSTREAM.last().headers()).containsEntry("x-api-key", PROVIDER_KEY);
        assertThat(UPSTREAM.last().headers().values()).doesNotContain(ROUTER_KEY, "Bearer " + ROUTER_KEY);

        // an error path that names the provider, and one that fails to connect
        UPSTREAM.enqueue(Reply.json(
                401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"bad key\"}}"));
        client.post()
                .uri("/v1/messages")
                .header("x-api-key", ROUTER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .value(b -> assertThat(b).doesNotContain(PROVIDER_KEY, ROUTER_KEY));
        client.post()
                .uri("/v1/messages")
                .header("x-api-key", ROUTER_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY.replace("claude-x", "down,m"))
                .exchange()
                .expectStatus()
                .isEqualTo(502)
                .expectBody(String.class)
                .value(b -> assertThat(b).doesNotContain(PROVIDER_KEY));

        assertThat(output.getAll()).doesNotContain(PROVIDER_KEY).doesNotContain(ROUTER_KEY);
    }
}
