package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * with the client going away. Netty's paranoid leak detector reports any buffer collected unreleased.
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
        registry.add(RouterConfiguration.CONFIG_PROPERTY, () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void watchForLeaks() {
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

    /** Leaks are reported when a collected buffer's tracker is polled, on a later allocation. */
    private List<String> reportedLeaks() throws InterruptedException {
        Thread.sleep(200);
        for (int round = 0; round < 4; round++) {
            System.gc();
            Thread.sleep(50);
            for (int i = 0; i < 100; i++) {
                ByteBufAllocator.DEFAULT.directBuffer(64).release();
            }
        }
        return leaks.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LEAK")).toList();
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
    void releasesEveryBufferOfAnswersStreamsAndErrors() throws InterruptedException {
        for (int i = 0; i < 10; i++) {
            UPSTREAM.enqueue(
                    Reply.json(200, "{\"id\":\"msg\"}"),
                    Reply.sse(events(5)),
                    new Reply(429, Map.of("content-type", "application/json", "retry-after", "1"),
                            List.of("{\"type\":\"error\"}"), Duration.ZERO));
            assertThat(post(false).responseContent().aggregate().asString().block(Duration.ofSeconds(10))).contains("msg");
            assertThat(post(true).responseContent().aggregate().asString().block(Duration.ofSeconds(10))).contains("\\\"i\\\":4");
            assertThat(post(false).responseContent().aggregate().asString().block(Duration.ofSeconds(10))).contains("error");
        }
        assertThat(reportedLeaks()).isEmpty();
    }

    @Test
    void releasesEveryBufferWhenTheClientGoesAway() throws InterruptedException {
        for (int i = 0; i < 6; i++) {
            UPSTREAM.enqueue(
                    Reply.sse(events(30)).paced(Duration.ofMillis(10)),
                    new Reply(200, Map.of("content-type", "application/json"), List.of("{\"a\":", "1", "}"),
                            Duration.ofMillis(40)));
            post(true).responseContent().take(2).blockLast(Duration.ofSeconds(10));
            post(false).responseConnection((response, connection) ->
                            Mono.delay(Duration.ofMillis(20)).then(Mono.fromRunnable(connection::dispose)))
                    .blockLast(Duration.ofSeconds(10));
        }
        assertThat(reportedLeaks()).isEmpty();
    }
}
