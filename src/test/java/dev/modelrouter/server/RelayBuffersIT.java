package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RawHttp;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The relay hands Netty buffers from the upstream connection to the client connection: every one
 * must be released exactly once, whether the exchange ends normally, with an upstream error, or
 * with the client going away. Netty's paranoid leak detector tracks every buffer allocated while it
 * is on and forgets one only at its last release; the test counts the tracked buffers still open,
 * which needs no garbage collection, and also fails on any leak the detector did report.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RelayBuffersIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    @LocalServerPort
    int port;

    ListAppender<ILoggingEvent> leaks;
    ResourceLeakDetector.Level before;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk",
                  "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,claude-up"}, "resilience": {"max_attempts": 1}}
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
    void watchForLeaks() {
        // Netty's HTTP codecs allocate constant buffers, never released, when their classes load: load them first
        HttpClient.create()
                .get()
                .uri("http://127.0.0.1:" + port + "/health")
                .responseContent()
                .aggregate()
                .asString()
                .block(Duration.ofSeconds(10));
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        leaks = new ListAppender<>();
        leaks.start();
        ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(leaks);
    }

    @AfterEach
    void restore() {
        ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).detachAppender(leaks);
        ResourceLeakDetector.setLevel(before);
    }

    private static String request(boolean stream) {
        return "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private HttpClient.ResponseReceiver<?> post(boolean stream) {
        return HttpClient.create()
                .post()
                .uri("http://127.0.0.1:" + port + "/v1/messages")
                .send(Mono.just(Unpooled.copiedBuffer(request(stream), StandardCharsets.UTF_8)));
    }

    /** The leak trackers of every buffer allocated while the detector was on and not released since. */
    private static Set<Object> openBuffers() {
        try {
            Field detector = AbstractByteBuf.class.getDeclaredField("leakDetector");
            detector.setAccessible(true);
            Field all = ResourceLeakDetector.class.getDeclaredField("allLeaks");
            all.setAccessible(true);
            Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
            open.addAll((Set<?>) all.get(detector.get(null)));
            return open;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Netty's leak detector changed; count open buffers another way", e);
        }
    }

    /**
     * Waits until every buffer allocated since {@code before} was taken is released; a released
     * buffer may lag its exchange a little (the upstream connection goes back to its pool after the answer).
     */
    private void assertAllReleasedSince(Set<Object> before) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    Set<Object> open = openBuffers();
                    open.removeAll(before);
                    assertThat(open)
                            .as("buffers allocated by the exchanges and never released")
                            .isEmpty();
                });
        assertThat(leaks.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK")))
                .isEmpty();
    }

    /** A well-formed Anthropic stream with {@code n} text deltas; the last one says {@code "i":n-1}. */
    private static List<String> events(int n) {
        List<String> out = new ArrayList<>(AnthropicPassthroughIT.STREAM.subList(0, 2));
        for (int i = 0; i < n; i++) {
            out.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"\\\"i\\\":" + i + "\"}}\n\n");
        }
        out.addAll(AnthropicPassthroughIT.STREAM.subList(3, AnthropicPassthroughIT.STREAM.size()));
        return out;
    }

    @Test
    void releasesEveryBufferOfAnswersStreamsAndErrors() {
        Set<Object> before = openBuffers();
        for (int i = 0; i < 10; i++) {
            UPSTREAM.enqueue(
                    Reply.json(200, "{\"id\":\"msg\"}"),
                    Reply.sse(events(5)),
                    new Reply(
                            429,
                            Map.of("content-type", "application/json", "retry-after", "1"),
                            List.of("{\"type\":\"error\"}"),
                            Duration.ZERO));
            assertThat(post(false).responseContent().aggregate().asString().block(Duration.ofSeconds(10)))
                    .contains("msg");
            assertThat(post(true).responseContent().aggregate().asString().block(Duration.ofSeconds(10)))
                    .contains("\\\"i\\\":4");
            assertThat(post(false).responseContent().aggregate().asString().block(Duration.ofSeconds(10)))
                    .contains("error");
        }
        assertAllReleasedSince(before);
    }

    /**
     * The client leaves mid-stream, and mid-answer (the router joins a JSON answer before its head
     * goes out, so that client leaves before it has read anything), closing or resetting its
     * connection. Plain sockets: a test client in this JVM would allocate tracked buffers of its own,
     * and one it never reads (an answer that arrived just before it went away) is its leak, not the
     * router's.
     */
    @Test
    void releasesEveryBufferWhenTheClientGoesAway() throws Exception {
        Set<Object> before = openBuffers();
        int cancelledBefore = UPSTREAM.cancelled();
        for (int i = 0; i < 8; i++) {
            UPSTREAM.enqueue(
                    Reply.sse(events(30)).paced(Duration.ofMillis(10)),
                    new Reply(
                            200,
                            Map.of("content-type", "application/json"),
                            List.of("{\"a\":", "1", "}"),
                            Duration.ofMillis(40)));
            boolean reset = i % 2 == 1;
            RawHttp stream = RawHttp.connect(port).send(raw(true));
            assertThat(stream.readUntil("\\\"i\\\":1", Duration.ofSeconds(10))).contains("\\\"i\\\":1");
            leave(stream, reset);
            RawHttp answer = RawHttp.connect(port).send(raw(false));
            // before the upstream's head (it comes after 40 ms), or with part of its body read
            Thread.sleep(i % 4 < 2 ? 20 : 60);
            leave(answer, reset);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(UPSTREAM.cancelled() - cancelledBefore)
                        .as("upstream answers cut off when their client went away")
                        .isGreaterThanOrEqualTo(8));
        assertAllReleasedSince(before);
    }

    private String raw(boolean stream) {
        String body = request(stream); // ASCII: its length is its byte count
        return "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
    }

    private static void leave(RawHttp client, boolean reset) throws IOException {
        if (reset) {
            client.abort();
        } else {
            client.close();
        }
    }
}
