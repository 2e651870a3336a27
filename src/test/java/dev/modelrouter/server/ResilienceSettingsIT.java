package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import dev.modelrouter.testing.UnansweredPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Each {@code resilience} setting, seen from the scripted provider's side: when its requests
 * arrive, which key they carry, how many there are. Every provider here serves one test, through an
 * explicit {@code provider,model} route (no fallback), so no test's retries, rests or circuit leak
 * into another's. Time bounds are wide: each separates the setting working from it being ignored
 * (the default it would fall back to is seconds or minutes away), not milliseconds.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResilienceSettingsIT {

    static final ScriptedUpstream KEYS = new ScriptedUpstream();
    static final ScriptedUpstream BACKOFF = new ScriptedUpstream();
    static final ScriptedUpstream RETRY_AFTER = new ScriptedUpstream();
    static final ScriptedUpstream BUDGET = new ScriptedUpstream();
    static final ScriptedUpstream BREAKER = new ScriptedUpstream();
    static final ScriptedUpstream TIMEOUTS = new ScriptedUpstream();
    static final UnansweredPort UNANSWERED = new UnansweredPort();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [
                   %s,
                   %s,
                   %s,
                   %s,
                   %s,
                   %s,
                   %s,
                   %s]}
                """.formatted(
                provider("keys", KEYS.url(), "[\"key-one\", \"key-two\"]", "\"max_retry_after_ms\": 500"),
                provider(
                        "backoff",
                        BACKOFF.url(),
                        "\"k\"",
                        "\"max_attempts\": 4, \"backoff_ms\": 1000, \"max_backoff_ms\": 1000"),
                provider("retryafter", RETRY_AFTER.url(), "\"k\"", "\"max_retry_after_ms\": 500, \"backoff_ms\": 20"),
                provider(
                        "budget",
                        BUDGET.url(),
                        "\"k\"",
                        "\"retry_budget_ms\": 300, \"backoff_ms\": 1000, \"max_backoff_ms\": 1000"),
                provider(
                        "breaker",
                        BREAKER.url(),
                        "\"k\"",
                        "\"max_attempts\": 1, \"breaker_window\": 4,"
                                + " \"breaker_min_calls\": 4, \"breaker_failure_rate\": 75, \"breaker_open_ms\": 60000"),
                provider("headers", TIMEOUTS.url(), "\"k\"", "\"max_attempts\": 1, \"headers_timeout_ms\": 800"),
                provider(
                        "first",
                        TIMEOUTS.url(),
                        "\"k\"",
                        "\"max_attempts\": 1, \"first_event_timeout_ms\": 800, \"idle_timeout_ms\": 60000"),
                provider("connect", UNANSWERED.url(), "\"k\"", "\"max_attempts\": 1, \"connect_timeout_ms\": 500"));
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    private static String provider(String name, String url, String keys, String resilience) {
        return """
                {"name": "%s", "api_base_url": "%s/v1/messages", "api_key": %s, "models": ["m"],
                 "transformer": {"use": ["anthropic"]}, "resilience": {%s}}""".formatted(name, url, keys, resilience);
    }

    @AfterAll
    static void stop() {
        for (ScriptedUpstream up : List.of(KEYS, BACKOFF, RETRY_AFTER, BUDGET, BREAKER, TIMEOUTS)) {
            up.close();
        }
        UNANSWERED.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.client(port, Duration.ofSeconds(30));
    }

    private static String request(String target, boolean stream) {
        return "{\"model\":\"" + target + "\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static Reply error(int status, Map<String, String> headers) {
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.put("content-type", "application/json");
        return new Reply(
                status,
                all,
                List.of("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"no\"}}"),
                Duration.ZERO);
    }

    private WebTestClient.ResponseSpec post(String target, boolean stream) {
        return client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(target, stream))
                .exchange();
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }

    /** The pauses between consecutive requests as the provider saw them arrive, from request {@code from} on. */
    private static List<Duration> gaps(ScriptedUpstream upstream, int from) {
        List<Long> at = upstream.arrivals();
        List<Duration> gaps = new ArrayList<>();
        for (int i = from + 1; i < at.size(); i++) {
            gaps.add(Duration.ofNanos(at.get(i) - at.get(i - 1)));
        }
        return gaps;
    }

    private static String key(ScriptedUpstream.Received request) {
        return request.headers().get("x-api-key");
    }

    @Test
    void aRateLimitedKeyRestsForItsRetryAfterWhileThePoolsOtherKeyServes() {
        KEYS.enqueue(error(429, Map.of("retry-after", "4")));
        post("keys,m", false).expectStatus().isEqualTo(429);
        ScriptedUpstream.Received limited = KEYS.last();
        long limitedAt = KEYS.arrivals().get(0);
        String rested = key(limited);
        String other = rested.equals("key-one") ? "key-two" : "key-one";

        for (int i = 0; i < 4; i++) {
            KEYS.enqueue(Reply.hi());
            post("keys,m", false).expectStatus().isOk();
        }
        // taken in turn, two of these four would have used the rested key
        assertThat(KEYS.received().subList(1, 5))
                .extracting(ResilienceSettingsIT::key)
                .containsOnly(other);
        assertThat(Duration.ofNanos(KEYS.arrivals().get(4) - limitedAt))
                .as("all sent within the rest")
                .isLessThan(Duration.ofSeconds(4));

        KEYS.otherwise(r -> Reply.hi());
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    post("keys,m", false).expectStatus().isOk();
                    return rested.equals(key(KEYS.last()));
                });
        List<Long> at = KEYS.arrivals();
        assertThat(Duration.ofNanos(at.get(at.size() - 1) - limitedAt))
                .as("the rested key is back only after its rest")
                .isGreaterThanOrEqualTo(Duration.ofMillis(3900));
    }

    @Test
    void backoffSpacesAttemptsByBackoffMsAndNeverMoreThanMaxBackoffMs() {
        BACKOFF.enqueue(error(500, Map.of()), error(500, Map.of()), error(500, Map.of()), error(500, Map.of()));
        post("backoff,m", false).expectStatus().isEqualTo(500);
        assertThat(BACKOFF.received()).hasSize(4);
        // each pause is drawn from [500, 1000] ms; without backoff a failed attempt is retried as soon
        // as it fails (within 400 ms even on a cold, busy machine), and uncapped the third pause would
        // be drawn from [2000, 4000] ms
        assertThat(gaps(BACKOFF, 0))
                .hasSize(3)
                .allSatisfy(gap -> assertThat(gap)
                        .isGreaterThanOrEqualTo(Duration.ofMillis(490))
                        .isLessThan(Duration.ofMillis(1900)));
    }

    @Test
    void aRetryAfterWithinMaxRetryAfterMsIsWaitedForBeforeTheRetry() {
        int before = RETRY_AFTER.received().size();
        RETRY_AFTER.enqueue(error(429, Map.of("retry-after-ms", "400")), Reply.hi());
        post("retryafter,m", false).expectStatus().isOk();
        assertThat(RETRY_AFTER.received()).hasSize(before + 2);
        // the backoff alone would be 10 to 20 ms
        assertThat(gaps(RETRY_AFTER, before))
                .singleElement()
                .satisfies(gap -> assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(390)));
    }

    @Test
    void aRetryAfterBeyondMaxRetryAfterMsEndsTheTargetAtOnce() {
        int before = RETRY_AFTER.received().size();
        RETRY_AFTER.enqueue(error(429, Map.of("retry-after", "3")), Reply.hi());
        long started = System.nanoTime();
        post("retryafter,m", false).expectStatus().isEqualTo(429).expectHeader().valueEquals("retry-after", "3");
        assertThat(since(started)).isLessThan(Duration.ofMillis(2500));
        assertThat(RETRY_AFTER.received()).as("not retried").hasSize(before + 1);
        RETRY_AFTER.clearScript();
    }

    @Test
    void noRetryStartsWhoseBackoffWouldOverrunTheRetryBudget() {
        BUDGET.enqueue(error(503, Map.of()), Reply.hi(), Reply.hi());
        post("budget,m", false).expectStatus().isEqualTo(503);
        // a 500 to 1000 ms backoff does not fit a 300 ms budget; without the budget the second attempt succeeds
        assertThat(BUDGET.received()).hasSize(1);
        BUDGET.clearScript();
    }

    @Test
    void theCircuitOpensAtBreakerFailureRateAndNotBelowIt() {
        // window of 4: fail, ok, fail, ok is 50 %; the next fail keeps it at 50 %; one more makes it 75 %
        List<Reply> replies = List.of(
                error(500, Map.of()),
                Reply.hi(),
                error(500, Map.of()),
                Reply.hi(),
                error(500, Map.of()),
                error(500, Map.of()));
        for (int i = 0; i < replies.size(); i++) {
            BREAKER.enqueue(replies.get(i));
            post("breaker,m", false).expectStatus().isEqualTo(replies.get(i).status());
            assertThat(BREAKER.received())
                    .as("call %d reaches the provider: the circuit is closed", i + 1)
                    .hasSize(i + 1);
        }
        BREAKER.enqueue(Reply.hi());
        post("breaker,m", false)
                .expectStatus()
                .isEqualTo(503)
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("circuit open"));
        assertThat(BREAKER.received())
                .as("at 75 percent failures the circuit is open")
                .hasSize(replies.size());
        BREAKER.clearScript();
    }

    @Test
    void aProviderThatSendsNoHeadersFailsAfterHeadersTimeoutMs() {
        TIMEOUTS.enqueue(Reply.unanswered());
        long started = System.nanoTime();
        String body = post("headers,m", false)
                .expectStatus()
                .isEqualTo(504)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("sent no response headers within 800 ms (headers_timeout_ms)");
        assertThat(since(started)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(8));
    }

    @Test
    void aStreamWithoutAFirstEventFailsAfterFirstEventTimeoutMsNotTheIdleTimeout() {
        TIMEOUTS.enqueue(Reply.sse(List.of()).thenSilence());
        long started = System.nanoTime();
        String text = new String(
                post("first,m", true)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
        assertThat(text).contains("event: error", "sent no data within 800 ms", "first_event_timeout_ms");
        // the idle timeout of this provider is a minute
        assertThat(since(started)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(8));
    }

    @Test
    void aProviderThatCannotBeConnectedToFailsAfterConnectTimeoutMs() {
        long started = System.nanoTime();
        String body = post("connect,m", false)
                .expectStatus()
                .isEqualTo(502)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("cannot reach provider 'connect'", "timed out after 500 ms");
        // the default connect timeout is 10 s
        assertThat(since(started)).isBetween(Duration.ofMillis(450), Duration.ofSeconds(6));
    }
}
