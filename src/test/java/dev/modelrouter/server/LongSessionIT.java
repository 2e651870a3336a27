package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * ccr's second long-context rule: a session whose last prompt passed the threshold stays on
 * longContext while its turns hold more than 20 000 tokens, the session known from Claude Code's
 * x-claude-code-session-id header or its metadata.user_id.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LongSessionIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    /** An answer whose prompt was 70 005 tokens, nearly all of them read from the cache. */
    static final String LONG_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":5,\"cache_read_input_tokens\":70000,\"output_tokens\":2}}";

    /** About 30 000 tokens: over 20 000, under the 60 000 threshold. */
    static final String MIDDLING = "hello ".repeat(30_000);

    @LocalServerPort
    int port;

    WebTestClient client;

    static final Path HOME = LocalRouter.newHome();

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                     "models": ["m", "long"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,m", "longContext": "anth,long"}
                }
                """.formatted(UPSTREAM.url());
        RouterConfigs.register(registry, json, HOME);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.adminClient(port, HOME);
    }

    private String route(@Nullable String sessionHeader, String userId, String text) {
        UPSTREAM.enqueue(Reply.json(200, LONG_ANSWER));
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"metadata\":{\"user_id\":" + userId + "},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
        return LocalRouter.route(
                client,
                "/v1/messages",
                body,
                sessionHeader == null ? Map.of() : Map.of("x-claude-code-session-id", sessionHeader));
    }

    @Test
    void aSessionPastTheThresholdKeepsItsLongContextModel() {
        assertThat(route("sess-a", "\"u\"", MIDDLING))
                .as("nothing known of the session yet")
                .isEqualTo("default anth,m");
        // that answer's usage put the session's prompt at 70 005 tokens
        assertThat(route("sess-a", "\"u\"", MIDDLING)).isEqualTo("longContext anth,long");
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"long\"");
        assertThat(route("sess-a", "\"u\"", "a short turn"))
                .as("20 000 tokens or fewer")
                .isEqualTo("default anth,m");
        assertThat(route("sess-b", "\"u\"", MIDDLING)).as("another session").isEqualTo("default anth,m");
    }

    @Test
    void olderClaudeCodesNameTheSessionInTheUserId() {
        String json = "\"{\\\"device_id\\\":\\\"d\\\",\\\"session_id\\\":\\\"sess-json\\\"}\"";
        assertThat(route(null, json, "hi")).isEqualTo("default anth,m");
        assertThat(route(null, json, MIDDLING)).isEqualTo("longContext anth,long");
        assertThat(route(null, "\"user_1_account__session_sess-json\"", MIDDLING))
                .isEqualTo("longContext anth,long");
    }

    @Test
    void theSpeedOfASessionsLastAnswerIsThereForTheStatusLine() {
        route("sess-speed", "\"u\"", "hi");
        client.get()
                .uri("/api/sessions/sess-speed/speed")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tokensPerSecond")
                .value(v -> assertThat(((Number) v).doubleValue()).isPositive())
                .jsonPath("$.timeToFirstTokenMs")
                .value(v -> assertThat(((Number) v).longValue()).isNotNegative())
                .jsonPath("$.at")
                .exists();
        client.get().uri("/api/sessions/nobody/speed").exchange().expectStatus().isNotFound();
    }
}
