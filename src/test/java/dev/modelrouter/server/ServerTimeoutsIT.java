package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RawHttp;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server's timeouts on its clients ({@code server} in config.json) close slow-header, stalled-body
 * and silent connections, and never cut an answer that streams slowly.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServerTimeoutsIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    /** Far longer than the 1 s and 2 s timeouts, far shorter than a test's patience. */
    static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,m"},
                 "resilience": {"max_attempts": 1},
                 "server": {"header_timeout_ms": 1000, "body_timeout_ms": 1000, "idle_timeout_ms": 2000}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void closesAConnectionThatNeverSendsARequest() throws IOException {
        try (RawHttp raw = RawHttp.connect(port)) {
            assertThat(raw.readUntilClosed(WAIT).closed()).isTrue();
        }
    }

    @Test
    void closesAConnectionWhoseHeadersTrickleInPastTheHeaderTimeout() throws Exception {
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\n");
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                // one header line every 200 ms: each byte would restart an idle timer
                for (int i = 0; reading.get() && i < 150; i++) {
                    try {
                        raw.send("x-slow-" + i + ": 1\r\n");
                        Thread.sleep(200);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            trickle.start();
            RawHttp.Read read = raw.readUntilClosed(WAIT);
            reading.set(false);
            trickle.join();
            assertThat(read.closed()).isTrue();
            assertThat(read.text()).startsWith("HTTP/1.1 408");
        }
        assertThat(UPSTREAM.received()).isEmpty();
    }

    @Test
    void closesAConnectionWhoseBodyStalls(CapturedOutput output) throws IOException {
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST /v1/messages HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: 1000\r\n\r\n{\"model\":");
            assertThat(raw.readUntilClosed(WAIT).closed()).isTrue();
        }
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: 1000\r\n\r\n{\"model\":");
            assertThat(raw.readUntilClosed(WAIT).closed()).isTrue();
        }
        assertThat(UPSTREAM.received()).isEmpty();
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

    @Test
    void aStreamSlowerThanEveryServerTimeoutStillCompletes() {
        // three pieces 2.5 s apart: silences on the client's connection longer than each timeout
        List<String> events = AnthropicPassthroughIT.STREAM;
        UPSTREAM.enqueue(Reply.sse(List.of(
                        String.join("", events.subList(0, 3)), events.get(3), String.join("", events.subList(4, 6))))
                .paced(Duration.ofMillis(2500)));
        String body = LocalRouter.client(port, WAIT)
                .post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"m\",\"max_tokens\":5,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("event: message_stop");
    }
}
