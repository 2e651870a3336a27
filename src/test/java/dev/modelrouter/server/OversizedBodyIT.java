package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.RawHttp;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A body over {@code MAX_BODY_BYTES} is answered with a 413 that the client reads while it is still
 * sending: the router drains the rest for a while before it closes, instead of resetting the
 * connection under the client (Node.js then reported {@code ECONNRESET}, not the 413).
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OversizedBodyIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,m"},
                 "MAX_BODY_BYTES": 100000}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    /** Node's http client, which sends on while it reads: 4 MiB, with a declared length or chunked. */
    @ParameterizedTest
    @CsvSource({
        "/v1/messages, length", "/v1/messages, chunked",
        "/v1/chat/completions, length", "/v1/chat/completions, chunked",
    })
    void nodeReadsThe413WhileStillSending(String path, String mode, @TempDir Path dir) throws Exception {
        NodeJs.assumeInstalled();
        Path script = dir.resolve("oversized-body.js");
        try (InputStream in = OversizedBodyIT.class.getResourceAsStream("/node/oversized-body.js")) {
            Files.copy(in, script);
        }
        String node = System.getenv("ROUTER_NODE");
        Process process = new ProcessBuilder(
                        node == null || node.isBlank() ? "node" : node,
                        script.toString(),
                        Integer.toString(port),
                        path,
                        mode,
                        Integer.toString(8 << 20))
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).contains("\"status\":413").contains("MAX_BODY_BYTES").doesNotContain("ECONNRESET");
        assertThat(UPSTREAM.received()).isEmpty();
    }

    /** A client that sends on and on: it reads the 413, and the connection closes in a bounded time. */
    @ParameterizedTest
    @CsvSource({"/v1/messages", "/v1/chat/completions"})
    void aBodyWithoutEndIsDrainedOnlyForABoundedTime(String path) throws Exception {
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "transfer-encoding: chunked\r\n\r\n");
            AtomicBoolean open = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (open.get()) {
                        raw.send(chunk);
                    }
                } catch (IOException e) {
                    open.set(false);
                }
            });
            writer.start();
            RawHttp.Read read = raw.readUntilClosed(Duration.ofSeconds(60));
            open.set(false);
            writer.join();

            assertThat(read.text()).startsWith("HTTP/1.1 413").contains("MAX_BODY_BYTES");
            assertThat(read.closed()).isTrue();
        }
    }

    /** A client that writes its whole declared body before it reads anything. */
    @ParameterizedTest
    @CsvSource({"/v1/messages", "/v1/chat/completions"})
    void aClientThatKeepsWritingReadsThe413(String path) throws Exception {
        int total = 4 * 1024 * 1024;
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: " + total + "\r\n\r\n");
            AtomicBoolean failed = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < total; sent += chunk.length) {
                        raw.send(chunk);
                    }
                } catch (IOException e) {
                    failed.set(true);
                }
            });
            writer.start();
            writer.join(Duration.ofSeconds(30).toMillis());
            String answer = raw.readUntil("MAX_BODY_BYTES", Duration.ofSeconds(30));

            assertThat(failed).isFalse();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("MAX_BODY_BYTES");
        }
        assertThat(UPSTREAM.received()).isEmpty();
    }
}
