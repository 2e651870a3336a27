package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** ccr's REWRITE_SYSTEM_PROMPT: Claude Code's main system block says the user's text up to its <env> section. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SystemPromptRewriteIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("router-prompt");
        Files.writeString(dir.resolve("prompt.md"), "You are a terse assistant.\n");
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                     "models": ["m"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,m"},
                  "REWRITE_SYSTEM_PROMPT": "prompt.md"
                }
                """.formatted(UPSTREAM.url());
        Path config = RouterConfigs.write(json);
        Files.copy(dir.resolve("prompt.md"), config.resolveSibling("prompt.md"));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, config::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.client(port);
    }

    private void send(String body) {
        UPSTREAM.enqueue(Reply.hi());
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.content[0].text")
                .isEqualTo("Hi!");
    }

    @Test
    void claudeCodesMainSystemBlockSaysTheFilesTextUpToItsEnvSection() {
        send("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"system\":["
                + "{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=2.1.0\"},"
                + "{\"type\":\"text\",\"text\":\"You are Claude Code.\\n<env>\\nWorking directory: /w\\n</env>\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode sent = JsonMapper.builder().build().readTree(UPSTREAM.last().bodyText());
        assertThat(sent.path("model").asString()).isEqualTo("m");
        assertThat(sent.path("system").path(0).path("text").asString())
                .isEqualTo("x-anthropic-billing-header: cc_version=2.1.0");
        assertThat(sent.path("system").path(1).path("text").asString())
                .isEqualTo("You are a terse assistant.\n<env>\nWorking directory: /w\n</env>");
        assertThat(sent.path("system")
                        .path(1)
                        .path("cache_control")
                        .path("type")
                        .asString())
                .isEqualTo("ephemeral");
        assertThat(sent.path("messages").path(0).path("content").toString()).contains("hi");
    }

    @Test
    void otherRequestsStillGoThroughByteForByte() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        send(body);

        assertThat(UPSTREAM.last().bodyText()).isEqualTo(body.replace("claude-sonnet-4-5", "m"));
    }
}
