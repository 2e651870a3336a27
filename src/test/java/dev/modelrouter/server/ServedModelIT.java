package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The model name an Anthropic client is told for a translated answer: the one it asked for by default
 * (Claude Code keys its behaviour to it), the one that served it, as its provider named it, with
 * {@code ANTHROPIC_SERVED_MODEL}; in a JSON answer and in a stream alike.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServedModelIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static Path file;

    static final String ASKED = "claude-sonnet-5-5";
    static final String SERVED = "gpt-served-1";

    @LocalServerPort
    int port;

    static String config(String servedModel) {
        return """
                {%s"Providers": [{"name": "oa", "api_base_url": "%s/v1/chat/completions", "api_key": "k", "models": ["m"]}],
                 "Router": {"default": "oa,m"}}
                """.formatted(servedModel, UPSTREAM.url());
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        file = RouterConfigs.write(config(""));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    /** Writes config.json with {@code servedModel} (a field and a comma, or nothing) and reloads it. */
    private WebTestClient configured(String servedModel) throws IOException {
        Files.writeString(file, config(servedModel));
        WebTestClient client = LocalRouter.adminClient(port, HOME);
        client.post().uri("/api/reload").exchange().expectStatus().isOk();
        return client;
    }

    private static String ask(WebTestClient client, boolean stream) {
        if (stream) {
            UPSTREAM.enqueue(Reply.sse(List.of(
                    FailoverIT.Side.chunk("{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}", "")
                            .replace("\"model\":\"m\"", "\"model\":\"" + SERVED + "\""),
                    FailoverIT.Side.chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}", "")
                            .replace("\"model\":\"m\"", "\"model\":\"" + SERVED + "\""),
                    "data: [DONE]\n\n")));
        } else {
            UPSTREAM.enqueue(Reply.json(
                    200,
                    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + SERVED + "\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"));
        }
        byte[] body = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"" + ASKED + "\",\"max_tokens\":100,\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
        return new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void anAnthropicClientIsToldTheModelItAskedForByDefaultInJsonAndStreams() throws IOException {
        WebTestClient client = configured("");

        assertThat(ask(client, false)).contains("\"model\":\"" + ASKED + "\"").doesNotContain(SERVED);
        assertThat(ask(client, true))
                .contains("\"model\":\"" + ASKED + "\"", "Hi", "message_stop")
                .doesNotContain(SERVED);
    }

    @Test
    void withTheSwitchAnAnthropicClientIsToldTheModelThatServedItInJsonAndStreams() throws IOException {
        WebTestClient client = configured("\"ANTHROPIC_SERVED_MODEL\": true, ");

        assertThat(ask(client, false)).contains("\"model\":\"" + SERVED + "\"").doesNotContain(ASKED);
        assertThat(ask(client, true))
                .contains("\"model\":\"" + SERVED + "\"", "Hi", "message_stop")
                .doesNotContain(ASKED);
    }
}
