package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import dev.modelrouter.testing.UnansweredPort;
import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBuffer;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpResources;

class UpstreamClientTest {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final UpstreamClient CLIENT = new UpstreamClient(Duration.ofSeconds(2));

    @AfterAll
    static void stop() {
        CLIENT.close();
        UPSTREAM.close();
    }

    private static UpstreamCall call(String body) {
        return new UpstreamCall(
                URI.create(UPSTREAM.url() + "/v1/messages"),
                Map.of("content-type", "application/json", "x-api-key", "sk-test"),
                body.getBytes(StandardCharsets.UTF_8),
                "provider 'up' at " + UPSTREAM.url());
    }

    private static String text(UpstreamReply reply) {
        DataBuffer joined = DataBufferUtils.join(reply.body()).block(Duration.ofSeconds(5));
        if (joined == null) {
            return "";
        }
        String out = joined.toString(StandardCharsets.UTF_8);
        DataBufferUtils.release(joined);
        return out;
    }

    @Test
    void sendsBodyAndHeadersAndRelaysOnlyTheHeadersWorthRelaying() {
        UPSTREAM.enqueue(new Reply(
                200,
                Map.of(
                        "content-type", "application/json",
                        "request-id", "req_1",
                        "Anthropic-RateLimit-Requests-Remaining", "41",
                        "set-cookie", "a=b",
                        "x-internal", "no"),
                List.of("{\"ok\":true}"),
                Duration.ZERO));
        UpstreamReply reply = CLIENT.send(call("{\"model\":\"m\"}"), null).block(Duration.ofSeconds(5));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers())
                .containsOnlyKeys("content-type", "request-id", "anthropic-ratelimit-requests-remaining");
        assertThat(reply.header("anthropic-ratelimit-requests-remaining")).isEqualTo("41");
        assertThat(text(reply)).isEqualTo("{\"ok\":true}");
        assertThat(UPSTREAM.last().bodyText()).isEqualTo("{\"model\":\"m\"}");
        assertThat(UPSTREAM.last().headers())
                .containsEntry("x-api-key", "sk-test")
                .containsEntry("content-length", "13");
    }

    @Test
    void warmingUpForHttpAndHttpsEndpointsSendsNothingAndLeavesTheClientWorking() throws Exception {
        int before = UPSTREAM.received().size();
        try (java.net.ServerSocket tls = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            tls.setSoTimeout(200);
            List<URI> endpoints = List.of(
                    URI.create(UPSTREAM.url() + "/v1/messages"),
                    URI.create("https://127.0.0.1:" + tls.getLocalPort() + "/v1/chat/completions"));
            CLIENT.warmup(endpoints, null).block(Duration.ofSeconds(10));
            assertThatThrownBy(tls::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThat(UPSTREAM.received()).hasSize(before);
        UPSTREAM.enqueue(Reply.json(200, "{\"ok\":true}"));
        assertThat(text(CLIENT.send(call("{}"), null).block(Duration.ofSeconds(5))))
                .isEqualTo("{\"ok\":true}");
    }

    @Test
    void answersErrorStatusesInsteadOfThrowing() {
        UPSTREAM.enqueue(Reply.json(529, "{\"type\":\"error\"}"));
        UpstreamReply reply = CLIENT.send(call("{}"), null).block(Duration.ofSeconds(5));
        assertThat(reply.ok()).isFalse();
        assertThat(reply.status()).isEqualTo(529);
        assertThat(text(reply)).isEqualTo("{\"type\":\"error\"}");
    }

    @Test
    void reportsAnUnreachableUpstreamAsBadGatewayNamingIt() {
        UpstreamCall down = new UpstreamCall(
                URI.create("http://127.0.0.1:9/v1/messages"),
                Map.of(),
                new byte[0],
                "provider 'down' at http://127.0.0.1:9/v1/messages");
        assertThatThrownBy(() -> CLIENT.send(down, null).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageStartingWith("cannot reach provider 'down' at http://127.0.0.1:9/v1/messages: ");
    }

    @Test
    void handsOutBuffersTheReaderReleasesExactlyOnce() {
        UPSTREAM.enqueue(
                Reply.sse(List.of("data: 1\n\n", "data: 2\n\n", "data: 3\n\n")).paced(Duration.ofMillis(5)));
        UpstreamReply reply = CLIENT.send(call("{}"), null).block(Duration.ofSeconds(5));
        List<DataBuffer> chunks = new ArrayList<>(reply.body().collectList().block(Duration.ofSeconds(5)));
        assertThat(chunks).isNotEmpty();
        // Chunks read from one socket read may share a parent buffer, so one chunk's count can be 2
        // until its sibling is released; what matters is that one release each frees them all.
        List<ByteBuf> raws = new ArrayList<>();
        for (DataBuffer chunk : chunks) {
            ByteBuf raw = ((NettyDataBuffer) chunk).getNativeBuffer();
            assertThat(raw.refCnt()).isPositive();
            raws.add(raw);
        }
        chunks.forEach(DataBufferUtils::release);
        assertThat(raws).allSatisfy(raw -> assertThat(raw.refCnt()).isZero());
    }

    @Test
    void givesUpConnectingAfterTheCallsConnectTimeoutNotTheClientsDefault() {
        try (UnansweredPort unanswered = new UnansweredPort()) {
            UpstreamCall call = new UpstreamCall(
                    URI.create(unanswered.url() + "/v1/messages"),
                    Map.of(),
                    new byte[0],
                    "provider 'slow' at " + unanswered.url());
            long started = System.nanoTime();
            assertThatThrownBy(() ->
                            CLIENT.send(call, null, Duration.ofMillis(300)).block(Duration.ofSeconds(20)))
                    .isInstanceOfSatisfying(
                            RouterException.class, e -> assertThat(e.status()).isEqualTo(502))
                    .hasMessageStartingWith("cannot reach provider 'slow' at ")
                    .hasMessageContaining("timed out after 300 ms");
            // the client's own connect timeout is 2 s
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(280), Duration.ofMillis(1800));
        }
    }

    @Test
    void cancellingTheBodyClosesTheUpstreamCall() {
        List<String> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            slow.add("data: " + i + "\n\n");
        }
        UPSTREAM.enqueue(Reply.sse(slow).paced(Duration.ofMillis(50)));
        int before = UPSTREAM.cancelled();
        UpstreamReply reply = CLIENT.send(call("{}"), null).block(Duration.ofSeconds(5));
        reply.body().take(2).doOnNext(DataBufferUtils::release).blockLast(Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> UPSTREAM.cancelled() > before);
    }

    @Test
    void worksTheSameWhenCalledOnAnEventLoop() {
        UPSTREAM.enqueue(Reply.json(200, "{\"n\":1}"), Reply.json(200, "{\"n\":2}"));
        var loop = HttpResources.get().onServer(true).next();
        for (int n = 1; n <= 2; n++) {
            UpstreamReply reply = Mono.defer(() -> CLIENT.send(call("{}"), null))
                    .subscribeOn(reactor.core.scheduler.Schedulers.fromExecutor(loop))
                    .block(Duration.ofSeconds(5));
            assertThat(text(reply)).isEqualTo("{\"n\":" + n + "}");
        }
    }
}
