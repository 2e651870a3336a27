package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/explain} changes nothing: the key pool's turn stays where it was, and the custom router
 * script is neither started nor asked (the step says so). Node.js is not needed: a script that explain
 * started would show in status as starting, running or failed, never as not started.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplainSideEffectsIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String REQUEST = """
            {"model": "claude-sonnet-4-5", "max_tokens": 64,
             "messages": [{"role": "user", "content": "hello"}]}""";

    @LocalServerPort
    int port;

    WebTestClient admin;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        Path script = HOME.resolve("custom-router.js");
        try {
            Files.writeString(script, "module.exports = async function router(req, config) { return null; };\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String json = """
                {
                  "Providers": [
                    {"name": "pool", "api_base_url": "%s/v1/messages", "api_key": ["key-first", "key-second"],
                     "models": ["m"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "pool,m"},
                  "CUSTOM_ROUTER_PATH": "%s"
                }
                """.formatted(UPSTREAM.url(), script);
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

    private JsonNode explain() {
        byte[] answer = admin.post()
                .uri("/api/explain")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(REQUEST)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent();
        return JSON.readTree(answer);
    }

    @Test
    @Order(1) // before any real request, which starts the script
    void explainNeitherStartsNorAsksTheCustomRouterScriptAndSaysSo() {
        JsonNode step = explain().path("steps").get(0);

        assertThat(step.path("rule").asString()).isEqualTo("customRouter");
        assertThat(step.path("verdict").asString()).isEqualTo("not run by explain");
        assertThat(step.path("detail").asString())
                .endsWith("custom-router.js is not run by explain; the rules below decide as if it answered nothing");
        admin.get()
                .uri("/api/status")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.customRouter.state")
                .isEqualTo("not started (it starts on the first request)");
    }

    @Test
    void explainLeavesTheKeyPoolsTurnWhereItWas() {
        String first = keyOfARealCall();
        // an odd number of explanations: were each to take a turn, the next call would get the same key again
        explain();
        explain();
        explain();

        assertThat(keyOfARealCall()).as("the pool's other key, next in turn").isNotEqualTo(first);
    }

    private String keyOfARealCall() {
        int before = UPSTREAM.received().size();
        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        // the request waits for the script's start at most its timeout, then the default decides
        LocalRouter.client(port)
                .post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(REQUEST)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(UPSTREAM.received()).hasSize(before + 1);
        return UPSTREAM.received().get(before).headers().get("x-api-key");
    }
}
