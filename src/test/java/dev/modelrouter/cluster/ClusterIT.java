package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RedisServer;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Two router instances on loopback sharing one real redis-server: what one learns, the other knows. */
class ClusterIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static ScriptedUpstream FLAKY = new ScriptedUpstream();
    static ScriptedUpstream POOL = new ScriptedUpstream();
    static ScriptedUpstream COUNT = new ScriptedUpstream();
    static ScriptedUpstream LOAD = new ScriptedUpstream();
    static ScriptedUpstream SESS = new ScriptedUpstream();
    static String config;
    /** {@link #config} plus a file reference: a's config.json names a file that b's does not. */
    static String configA;

    static RouterInstance a;
    static RouterInstance b;
    /** Started by the test that needs an instance newer than a session; closed with the others. */
    static RouterInstance late;

    @BeforeAll
    static void start() {
        script();
        config = """
                {"LOG": false, "cluster": {"redis": "%s"},
                 "Providers": [
                   {"name": "flaky", "api_base_url": "%s/v1/messages", "api_key": "sk-flaky", "models": ["m"],
                    "transformer": {"use": ["anthropic"]},
                    "resilience": {"max_attempts": 1, "breaker_window": 2, "breaker_min_calls": 2, "breaker_open_ms": 60000}},
                   {"name": "pool", "api_base_url": "%s/v1/messages", "api_key": ["sk-pool-one", "sk-pool-two"],
                    "models": ["m"], "transformer": {"use": ["anthropic"]},
                    "resilience": {"max_attempts": 1, "max_retry_after_ms": 1000}},
                   {"name": "count", "api_base_url": "%s/v1/messages", "api_key": "sk-count", "models": ["m"],
                    "transformer": {"use": ["anthropic"]}},
                   {"name": "load", "api_base_url": "%s/v1/messages", "api_key": "sk-load", "models": ["m"],
                    "transformer": {"use": ["anthropic"]}},
                   {"name": "sess", "api_base_url": "%s/v1/messages", "api_key": "sk-sess", "models": ["short", "long"],
                    "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "sess,short", "longContext": "sess,long", "longContextThreshold": 60000}}
                """.formatted(REDIS.url(), FLAKY.url(), POOL.url(), COUNT.url(), LOAD.url(), SESS.url());
        configA = config.replace("{\"LOG\": false,", "{\"LOG\": false, \"CLAUDE_PATH\": \"/usr/bin/true\",");
        a = new RouterInstance(configA);
        b = new RouterInstance(config);
        awaitShared(a);
        awaitShared(b);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, late, FLAKY, POOL, COUNT, LOAD, SESS}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
    }

    @Test
    void aProviderFailingOnOneInstanceOpensItsCircuitOnTheOtherWithinASecond() {
        post(a.client(), "flaky,m").expectStatus().is5xxServerError();
        post(a.client(), "flaky,m").expectStatus().is5xxServerError();
        assertThat(a.status().path("circuits").path("flaky,m").asString()).isEqualTo("OPEN");
        int sent = FLAKY.received().size();

        Awaitility.await()
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> b.status().path("cluster").path("openElsewhere").has("flaky,m"));

        post(b.client(), "flaky,m").expectStatus().isEqualTo(503);
        assertThat(FLAKY.received()).hasSize(sent);
        assertThat(b.status().path("circuits").path("flaky,m").asString()).isEqualTo("FORCED_OPEN");
        assertThat(REDIS.command("GET", SharedBreakers.KEY + "flaky,m"))
                .contains(a.status().path("cluster").path("instance").asString());
    }

    @Test
    void aKeyRateLimitedOnOneInstanceRestsOnTheOtherForItsRetryAfter() {
        POOL.enqueue(new Reply(
                429,
                Map.of("content-type", "application/json", "retry-after", "60"),
                List.of("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"),
                Duration.ZERO));
        post(a.client(), "pool,m").expectStatus().isEqualTo(429);
        String rested = POOL.last().headers().get("x-api-key");
        assertThat(rested).isIn("sk-pool-one", "sk-pool-two");
        String hash = SharedRests.hash(rested);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> REDIS.command("EXISTS", SharedRests.KEY + hash).startsWith(":1"));
        assertThat(REDIS.command("SCAN", "0", "COUNT", "10000")).doesNotContain("sk-pool");

        int before = POOL.received().size();
        // the rest reaches b by pub/sub a moment after the key is written; wait for b to skip the key
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            int from = POOL.received().size();
            for (int i = 0; i < 4; i++) {
                post(b.client(), "pool,m").expectStatus().isOk();
            }
            return POOL.received().subList(from, from + 4).stream()
                    .noneMatch(r -> rested.equals(r.headers().get("x-api-key")));
        });
        assertThat(POOL.received().size()).isGreaterThan(before);
    }

    @Test
    void usageTotalsEqualWhatTheUpstreamServedAndSurviveRestartingEveryInstance() {
        for (int i = 0; i < 6; i++) {
            post(i % 2 == 0 ? a.client() : b.client(), "count,m").expectStatus().isOk();
        }
        int served = COUNT.received().size();
        assertThat(served).isEqualTo(6);
        awaitTotals(a, "count", served);
        awaitTotals(b, "count", served);
        // Prometheus: the cluster-wide total on every instance, beside each instance's own meters
        String scrape = b.admin()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(scrape)
                .containsPattern("router_cluster_usage\\{[^}]*measure=\"requests\"[^}]*provider=\"count\"[^}]*} "
                        + served + "\\.0\n");

        restartEveryInstance();
        awaitTotals(a, "count", served);
        post(b.client(), "count,m").expectStatus().isOk();
        awaitTotals(a, "count", served + 1);
    }

    @Test
    void redisStoppedUnderLoadFailsNoRequestAndSharingResumesWhenItIsBack() throws Exception {
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<List<Integer>> load = Flux.range(0, 60)
                .flatMap(
                        i -> Mono.fromCallable(() -> {
                                    int status = post(i % 2 == 0 ? a.client() : b.client(), "load,m")
                                            .returnResult(String.class)
                                            .getStatus()
                                            .value();
                                    done.incrementAndGet();
                                    return status;
                                })
                                .subscribeOn(Schedulers.boundedElastic()),
                        6)
                .collectList()
                .toFuture();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> done.get() >= 10);
        REDIS.stop();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> health(a).contains("serving without cluster state"));
        assertThat(a.status().path("cluster").path("state").asString()).isEqualTo("serving without cluster state");
        assertThat(load.get(60, TimeUnit.SECONDS)).hasSize(60).containsOnly(200);
        for (int i = 0; i < 4; i++) {
            post(b.client(), "load,m").expectStatus().isOk();
        }

        REDIS.start();
        awaitShared(a);
        awaitShared(b);
        assertThat(health(a)).contains("\"status\":\"ok\"");
        // the counts made while Redis was away are flushed once it is back
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests(a, "load") >= 4);
    }

    private static void script() {
        FLAKY.otherwise(
                r -> Reply.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}"));
        POOL.otherwise(r -> Reply.hi());
        COUNT.otherwise(r -> Reply.hi());
        LOAD.otherwise(r -> Reply.hi());
        SESS.otherwise(r -> Reply.hi());
    }

    /**
     * Stops both instances and starts two new ones on the same config. A daemon's context may dispose
     * Reactor Netty's global loops, which the scripted providers run on, so they start again too, on
     * their ports.
     */
    private static void restartEveryInstance() {
        a.close();
        b.close();
        FLAKY = reopen(FLAKY);
        POOL = reopen(POOL);
        COUNT = reopen(COUNT);
        LOAD = reopen(LOAD);
        SESS = reopen(SESS);
        script();
        a = new RouterInstance(configA);
        b = new RouterInstance(config);
        awaitShared(a);
        awaitShared(b);
    }

    @Test
    void aSessionStaysOnItsLongContextModelWhenItsTurnsAlternateBetweenInstances() {
        String id = "4f0c2a7e-1111-4222-8333-944455556666";
        Map<String, String> session =
                Map.of("x-api-key", "client", "anthropic-version", "2023-06-01", "x-claude-code-session-id", id);
        // the first turn reports a prompt past the long-context threshold; every later one a small prompt
        SESS.enqueue(Reply.json(200, Reply.HI.replace("\"input_tokens\":5", "\"input_tokens\":70000")));
        assertThat(LocalRouter.route(a.client(), "/v1/messages", turn("hello"), session))
                .contains("sess,short");
        // under the threshold, but past the sticky minimum: long only because the last turn (on a) was long
        String follow = turn("word ".repeat(30_000));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> explain(b, follow, id).contains("sess,long"));
        assertThat(LocalRouter.route(b.client(), "/v1/messages", follow, session))
                .contains("sess,long");
        assertThat(LocalRouter.route(
                        b.client(),
                        "/v1/messages",
                        follow,
                        Map.of("x-api-key", "client", "anthropic-version", "2023-06-01")))
                .contains("sess,short");
    }

    @Test
    void anInstanceStartedAfterASessionBeganKnowsItsLastTurnFromRedis() {
        String id = "7d1e3b9f-2222-4333-8444-a55566667777";
        Map<String, String> session =
                Map.of("x-api-key", "client", "anthropic-version", "2023-06-01", "x-claude-code-session-id", id);
        SESS.enqueue(Reply.json(200, Reply.HI.replace("\"input_tokens\":5", "\"input_tokens\":70000")));
        assertThat(LocalRouter.route(a.client(), "/v1/messages", turn("hello"), session))
                .contains("sess,short");
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> REDIS.command("GET", SharedSessions.KEY + id).contains("70000"));
        assertThat(REDIS.command("PTTL", SharedSessions.KEY + id))
                .startsWith(":")
                .doesNotStartWith(":-");

        // it missed the turn's pub/sub message: it was not running yet
        late = new RouterInstance(config);
        awaitShared(late);
        assertThat(LocalRouter.route(late.client(), "/v1/messages", turn("word ".repeat(30_000)), session))
                .contains("sess,long");
    }

    @Test
    void resynchronisingWalksTheKeysWithScanNeverKeys() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> REDIS.command("INFO", "commandstats").contains("cmdstat_scan:"));
        assertThat(REDIS.command("INFO", "commandstats")).doesNotContain("cmdstat_keys:");
    }

    private static String explain(RouterInstance instance, String body, String session) {
        return instance.admin()
                .post()
                .uri("/api/explain")
                .contentType(MediaType.APPLICATION_JSON)
                .header("x-claude-code-session-id", session)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static String turn(String text) {
        return "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\""
                + text + "\"}]}";
    }

    @Test
    void aConfigChangeThroughOneInstanceIsInForceOnTheOtherAndOneItRefusesLeavesItsOldConfig() {
        // b refuses this one: it names a file (CLAUDE_PATH) that b's own config.json does not
        String refused = configA.replace("{\"LOG\": false,", "{\"LOG\": false, \"API_TIMEOUT_MS\": 600001,");
        putConfig(a, refused);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> "cluster"
                        .equals(b.status().path("lastReload").path("trigger").asString()));
        JsonNode reload = b.status().path("lastReload");
        assertThat(reload.path("ok").asBoolean()).isFalse();
        assertThat(reload.path("message").asString())
                .contains("previous config stays in force")
                .contains("CLAUDE_PATH");
        assertThat(apiTimeout(a)).isEqualTo(600001);
        assertThat(apiTimeout(b)).isNotEqualTo(600001);
        String bId = b.status().path("cluster").path("instance").asString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> a.status()
                        .path("cluster")
                        .path("configResults")
                        .path(bId)
                        .asString()
                        .startsWith("refused"));

        putConfig(a, config.replace("{\"LOG\": false,", "{\"LOG\": false, \"API_TIMEOUT_MS\": 600002,"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> apiTimeout(b) == 600002);
        assertThat(b.status().path("lastReload").path("ok").asBoolean()).isTrue();
    }

    private static void putConfig(RouterInstance instance, String text) {
        instance.admin()
                .put()
                .uri("/api/config")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(text)
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static long apiTimeout(RouterInstance instance) {
        String body = instance.admin()
                .get()
                .uri("/api/config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JsonMapper.builder()
                .build()
                .readTree(body)
                .path("API_TIMEOUT_MS")
                .asLong(0);
    }

    /** A scripted provider on {@code old}'s port again, once the old one has let go of it. */
    private static ScriptedUpstream reopen(ScriptedUpstream old) {
        int port = old.port();
        old.close();
        AtomicReference<ScriptedUpstream> fresh = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> fresh.compareAndSet(null, new ScriptedUpstream(port)));
        return fresh.get();
    }

    static String health(RouterInstance instance) {
        return instance.client()
                .get()
                .uri("/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    static long requests(RouterInstance instance, String provider) {
        for (JsonNode line : instance.status().path("cluster").path("usageToday")) {
            if (provider.equals(line.path("provider").asString())) {
                return line.path("requests").asLong();
            }
        }
        return 0;
    }

    static void awaitTotals(RouterInstance instance, String provider, int served) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> requests(instance, provider) == served);
        for (JsonNode line : instance.status().path("cluster").path("usageToday")) {
            if (provider.equals(line.path("provider").asString())) {
                assertThat(line.path("model").asString()).isEqualTo("m");
                assertThat(line.path("input").asLong()).isEqualTo(5L * served);
                assertThat(line.path("output").asLong()).isEqualTo(2L * served);
            }
        }
    }

    static WebTestClient.ResponseSpec post(WebTestClient client, String model) {
        return client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .header("x-api-key", "client")
                .header("anthropic-version", "2023-06-01")
                .bodyValue("{\"model\":\"" + model
                        + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange();
    }

    static void awaitShared(RouterInstance instance) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> "shared"
                        .equals(instance.status().path("cluster").path("state").asString()));
    }
}
