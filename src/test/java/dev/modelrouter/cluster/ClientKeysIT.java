package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.RedisServer;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client keys on a shared router: a single instance counting in memory refuses unknown keys, models a
 * key may not use and requests over its rpm, each in the client's protocol; two instances sharing one
 * redis-server count a key's daily budget together.
 */
class ClientKeysIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Every answer of the upstream uses 7 tokens (5 in, 2 out). */
    private static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    private static RouterInstance solo;
    private static RouterInstance a;
    private static RouterInstance b;

    @BeforeAll
    static void start() {
        UPSTREAM.otherwise(r -> Reply.hi());
        String keys = """
                "ClientKeys": [
                  {"name": "narrow", "key": "ck-narrow-0001", "models": ["up,open"]},
                  {"name": "slow", "key": "ck-slow-00002", "rpm": 2},
                  {"name": "thrifty", "key": "ck-thrifty-003", "budget_tokens_per_day": 14}],
                "Providers": [{"name": "up", "api_base_url": "%s/v1/messages", "api_key": "sk-upstream",
                  "models": ["open", "closed"], "transformer": {"use": ["anthropic"]}}],
                "Router": {"default": "up,open"}}
                """.formatted(UPSTREAM.url());
        solo = new RouterInstance("{\"LOG\": false, " + keys);
        String clustered = "{\"LOG\": false, \"cluster\": {\"redis\": \"" + REDIS.url() + "\"}, " + keys;
        a = new RouterInstance(clustered);
        b = new RouterInstance(clustered);
        ClusterIT.awaitShared(a);
        ClusterIT.awaitShared(b);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {solo, a, b, UPSTREAM}) {
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
    void anUnknownKeyIsRefusedWith401InTheClientsProtocol() {
        int sent = UPSTREAM.received().size();

        JsonNode anthropic = anthropic(solo, "ck-nobody", "up,open", 401);
        assertThat(anthropic.path("error").path("type").asString()).isEqualTo("authentication_error");
        JsonNode openAi = openAi(solo, "ck-nobody", "up,open", 401);
        assertThat(openAi.path("error").path("message").asString()).contains("unknown client key");
        assertThat(anthropic(solo, null, "up,open", 401)
                        .path("error")
                        .path("message")
                        .asString())
                .contains("missing client key");

        assertThat(UPSTREAM.received()).hasSize(sent);
    }

    @Test
    void aModelTheKeyMayNotUseIsRefusedWith403AfterRouting() {
        anthropic(solo, "ck-narrow-0001", "up,open", 200);
        int sent = UPSTREAM.received().size();

        JsonNode anthropic = anthropic(solo, "ck-narrow-0001", "up,closed", 403);
        assertThat(anthropic.path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(anthropic.path("error").path("message").asString())
                .contains("narrow")
                .contains("up,closed")
                .doesNotContain("ck-narrow");
        JsonNode openAi = openAi(solo, "ck-narrow-0001", "up,closed", 403);
        assertThat(openAi.path("error").path("message").asString()).contains("may not use up,closed");

        assertThat(UPSTREAM.received()).hasSize(sent);
    }

    @Test
    void aKeyOverItsRequestsPerMinuteIsRefusedWith429AndRetryAfter() {
        // the two allowed and the refused one must fall in one minute window; a window that turns
        // between them starts the round again
        EntityExchangeResult<String> refused;
        do {
            long minute = Instant.now().getEpochSecond() / 60;
            openAiResult(solo, "ck-slow-00002", "up,open");
            openAiResult(solo, "ck-slow-00002", "up,open");
            refused = anthropicResult(solo, "ck-slow-00002", "up,open");
            if (minute == Instant.now().getEpochSecond() / 60) {
                break;
            }
        } while (true);

        assertThat(refused.getStatus().value()).isEqualTo(429);
        long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst("retry-after"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(JSON.readTree(refused.getResponseBody())
                        .path("error")
                        .path("type")
                        .asString())
                .isEqualTo("rate_limit_error");
        EntityExchangeResult<String> openAi = openAiResult(solo, "ck-slow-00002", "up,open");
        assertThat(openAi.getStatus().value()).isEqualTo(429);
        assertThat(openAi.getResponseHeaders().getFirst("retry-after")).isNotNull();
        assertThat(JSON.readTree(openAi.getResponseBody())
                        .path("error")
                        .path("message")
                        .asString())
                .contains("slow is over its 2 requests per minute");
    }

    @Test
    void aDailyBudgetIsCountedAcrossInstancesSharingRedis() {
        // 7 tokens on each instance: 14 together, the whole budget, though neither used it alone
        // (Anthropic clients: the router reads usage from Anthropic-shaped answers only)
        anthropic(a, "ck-thrifty-003", "up,open", 200);
        anthropic(b, "ck-thrifty-003", "up,open", 200);
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        REDIS.command("HGET", "mr:client:day:" + day, "thrifty").contains("14"));

        EntityExchangeResult<String> onA = anthropicResult(a, "ck-thrifty-003", "up,open");
        assertThat(onA.getStatus().value()).isEqualTo(429);
        assertThat(JSON.readTree(onA.getResponseBody())
                        .path("error")
                        .path("message")
                        .asString())
                .contains("budget of 14 tokens");
        long untilMidnight = Long.parseLong(onA.getResponseHeaders().getFirst("retry-after"));
        assertThat(untilMidnight).isBetween(1L, 86_400L);
        EntityExchangeResult<String> onB = openAiResult(b, "ck-thrifty-003", "up,open");
        assertThat(onB.getStatus().value()).isEqualTo(429);
        assertThat(JSON.readTree(onB.getResponseBody())
                        .path("error")
                        .path("type")
                        .asString())
                .isNotEmpty();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clientLine(a, "thrifty"));
        JsonNode keys = a.status().path("clientKeys");
        assertThat(keys.toString())
                .contains("{\"name\":\"thrifty\",\"requests\":2,\"refused\":1,\"tokens\":7}")
                .contains("\"name\":\"slow\"")
                .doesNotContain("ck-thrifty");
    }

    /** Whether the cluster's usage of today has a line for {@code client}. */
    private static boolean clientLine(RouterInstance instance, String client) {
        for (JsonNode line : instance.status().path("cluster").path("usageToday")) {
            if (client.equals(line.path("client").asString())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode anthropic(RouterInstance instance, String key, String model, int status) {
        EntityExchangeResult<String> r = anthropicResult(instance, key, model);
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
        return JSON.readTree(r.getResponseBody());
    }

    private static JsonNode openAi(RouterInstance instance, String key, String model, int status) {
        EntityExchangeResult<String> r = openAiResult(instance, key, model);
        assertThat(r.getStatus().value()).as(r.getResponseBody()).isEqualTo(status);
        return JSON.readTree(r.getResponseBody());
    }

    private static EntityExchangeResult<String> anthropicResult(RouterInstance instance, String key, String model) {
        WebTestClient.RequestBodySpec spec = instance.client()
                .post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .header("anthropic-version", "2023-06-01");
        if (key != null) {
            spec = spec.header("x-api-key", key);
        }
        return spec.bodyValue("{\"model\":\"" + model
                        + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }

    private static EntityExchangeResult<String> openAiResult(RouterInstance instance, String key, String model) {
        return instance.client()
                .post()
                .uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer " + key)
                .bodyValue("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectBody(String.class)
                .returnResult();
    }
}
