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
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A Prometheus scrape, the request log and the status show each request's route, latency and tokens. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ObservabilityIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static Path home;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        try {
            home = Files.createTempDirectory("router-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-observe-secret-123",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,claude-up"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void everyRequestShowsUpInMetricsTheRequestLogAndStatus() throws Exception {
        WebTestClient client = LocalRouter.adminClient(port, home);
        UPSTREAM.enqueue(Reply.sse(AnthropicPassthroughIT.STREAM));
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"claude-sonnet-5-5\",\"max_tokens\":10,\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt text\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();

        String scrape = client.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String openMetrics = client.get()
                .uri("/actuator/prometheus")
                .header("Accept", "application/openmetrics-text; version=1.0.0, text/plain; q=0.5")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(openMetrics).contains("router_requests_seconds_count{").endsWith("# EOF\n");
        // what Prometheus 3 sends by default: OpenMetrics preferred, text accepted, anything at a low quality
        client.get()
                .uri("/actuator/prometheus")
                .header(
                        "Accept",
                        "text/plain;version=0.0.4;q=0.2,application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1")
                .exchange()
                .expectHeader()
                .valueEquals("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        byte[] protobuf = client.get()
                .uri("/actuator/prometheus")
                .header(
                        "Accept",
                        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(
                        "Content-Type",
                        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited")
                .expectBody(byte[].class)
                .returnResult()
                .getResponseBody();
        assertThat(protobuf).isNotEmpty();
        String some = client.get()
                .uri("/actuator/prometheus?includedNames=jvm_threads_live_threads,process_cpu_usage")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(some)
                .contains("jvm_threads_live_threads ", "process_cpu_usage ")
                .doesNotContain("router_", "jvm_memory");
        client.head().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        assertThat(scrape)
                .contains(
                        "router_requests_seconds_count{",
                        "provider=\"anth\"",
                        "model=\"claude-up\"",
                        "scenario=\"default\"",
                        "router_tokens_total",
                        "resilience4j_circuitbreaker_state");

        Path log = home.resolve("logs").resolve("requests.jsonl");
        // the log is written off the request's thread, a little after the answer
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> Files.exists(log) && Files.size(log) > 0);
        String lines = Files.readString(log);
        assertThat(lines)
                .contains("\"served\":\"anth,claude-up\"", "\"scenario\":\"default\"", "\"output\":2")
                .doesNotContain("secret prompt text", "sk-observe-secret-123");

        client.get()
                .uri("/api/status")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.usage[0].provider")
                .isEqualTo("anth")
                .jsonPath("$.usage[0].output")
                .isEqualTo(2);
        assertThat(scrape).doesNotContain("sk-observe-secret-123");
    }
}
