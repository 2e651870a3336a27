package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import dev.modelrouter.upstream.Guards;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that names ever new models (and sessions) does not grow the daemon: models the config does
 * not list share the meter label {@code other} and a size-capped set of circuit breakers, so the status
 * and the Prometheus scrape stay the same size from a thousand names to ten thousand. Retained state is
 * measured by what those maps hold (status circuits and usage rows, scrape series), not by heap numbers,
 * which a busy shared machine's garbage collector makes too noisy to compare.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BoundedStateIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream().otherwise(r -> Reply.hi());
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    static Path home;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        try {
            home = Files.createTempDirectory("router-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-bounded",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,claude-up"}}
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
    void tenThousandModelNamesLeaveStatusScrapeAndBreakersAsLargeAsAThousand() {
        LocalRouter.route(LocalRouter.client(port), "/v1/messages", body("anth,claude-up"), Map.of());
        send(0, 1_000);
        Sizes afterThousand = sizes();
        send(1_000, 10_000);
        Sizes afterTenThousand = sizes();

        assertThat(UPSTREAM.received()).hasSize(10_001);
        // ten times the names; unbounded, each would add a breaker (a status line and a dozen series)
        assertThat(afterTenThousand.circuits()).isLessThanOrEqualTo(Guards.UNLISTED_CAPACITY + 1);
        assertThat(afterTenThousand.statusBytes()).isLessThan(afterThousand.statusBytes() + 1_024);
        assertThat(afterTenThousand.scrapeLines()).isLessThan(afterThousand.scrapeLines() + 50);

        String scrape = scrape();
        assertThat(scrape)
                .contains("model=\"other\"", "model=\"claude-up\"")
                .doesNotContain("model=\"name-")
                .doesNotContain("name=\"anth,name-");
        JsonNode status = adminGet("/api/status");
        assertThat(status.path("circuits").has("anth,claude-up")).isTrue();
        assertThat(status.path("usage").toString())
                .contains("\"model\":\"other\"")
                .doesNotContain("name-");
        assertThat(status.path("usage").size()).isEqualTo(2);
    }

    /** Names {@code name-from} to {@code name-(to-1)}, each with a session of its own, a few at a time. */
    private void send(int from, int to) {
        ConnectionProvider pool = ConnectionProvider.create("bounded-state", 8);
        try {
            HttpClient http =
                    HttpClient.create(pool).baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30));
            List<Integer> statuses = Flux.range(from, to - from)
                    .flatMap(
                            i -> http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                            .set("x-claude-code-session-id", "session-" + i))
                                    .post()
                                    .uri("/v1/messages")
                                    .send(Mono.just(io.netty.buffer.Unpooled.copiedBuffer(
                                            body("anth,name-" + i), StandardCharsets.UTF_8)))
                                    .responseSingle((response, bytes) -> bytes.asString()
                                            .thenReturn(response.status().code())),
                            8)
                    .collectList()
                    .block(Duration.ofMinutes(10));
            assertThat(statuses).hasSize(to - from).containsOnly(200);
        } finally {
            pool.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private Sizes sizes() {
        JsonNode status = adminGet("/api/status");
        int statusBytes = status.toString().getBytes(StandardCharsets.UTF_8).length
                - status.path("uptime").toString().length();
        return new Sizes(
                statusBytes,
                (int) scrape().lines().count(),
                status.path("circuits").size());
    }

    private String scrape() {
        return new String(adminGetBytes("/actuator/prometheus"), StandardCharsets.UTF_8);
    }

    private JsonNode adminGet(String path) {
        return JSON.readTree(adminGetBytes(path));
    }

    /** Every admin-API and metrics call of this test goes through here (the place for an admin credential). */
    private byte[] adminGetBytes(String path) {
        // large enough to measure an unbounded scrape, not only a bounded one
        WebTestClient client = LocalRouter.adminClient(port, home)
                .mutate()
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 << 20))
                .build();
        return client.get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody();
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private record Sizes(int statusBytes, int scrapeLines, int circuits) {}
}
