package dev.modelrouter.cluster;

import static dev.modelrouter.cluster.ClusterIT.awaitShared;
import static dev.modelrouter.cluster.ClusterIT.health;
import static dev.modelrouter.cluster.ClusterIT.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.RedisServer;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster mode follows config reloads: an instance started alone joins a Redis, moves to another and
 * leaves, each on a reload, with no restart. One scenario, in order, as a reload is a step in time.
 */
class ClusterReloadIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    /** The Redis the instance moves to. */
    @RegisterExtension
    static final RedisServer OTHER = new RedisServer();

    static final ScriptedUpstream UP = new ScriptedUpstream();
    static final ScriptedUpstream FLAKY = new ScriptedUpstream();
    static RouterInstance solo;
    static RouterInstance peer;

    @BeforeAll
    static void start() {
        UP.otherwise(r -> Reply.hi());
        FLAKY.otherwise(
                r -> Reply.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}"));
        solo = new RouterInstance(config(""));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {solo, peer, UP, FLAKY}) {
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
    void clusterModeTurnsOnMovesToAnotherRedisAndTurnsOffOnReloadWithoutARestart() {
        assertThat(solo.status().has("cluster")).isFalse();
        assertThat(health(solo)).isEqualTo("{\"status\":\"ok\"}");
        // one failure: a breaker built before cluster mode is on, below its own threshold
        post(solo.client(), "flaky,m").expectStatus().is5xxServerError();

        reload(solo, config(REDIS.url()));
        awaitShared(solo);
        assertThat(solo.status().path("cluster").path("redis").asString()).isEqualTo("127.0.0.1:" + REDIS.port());
        assertThat(health(solo)).contains("\"cluster\":true");
        assertThat(prometheus(solo)).contains("router_cluster_connected 1.0");
        post(solo.client(), "up,m").expectStatus().isOk();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> usage(REDIS).contains("up|m|"));

        // the breaker solo built before it joined follows what another instance sees
        peer = new RouterInstance(config(REDIS.url()));
        awaitShared(peer);
        post(peer.client(), "flaky,m").expectStatus().is5xxServerError();
        post(peer.client(), "flaky,m").expectStatus().is5xxServerError();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> "FORCED_OPEN"
                        .equals(solo.status().path("circuits").path("flaky,m").asString()));

        reload(solo, config(OTHER.url()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        solo.status().path("cluster").path("redis").asString().equals("127.0.0.1:" + OTHER.port()));
        awaitShared(solo);
        assertThat(solo.status().path("circuits").path("flaky,m").asString())
                .as("held open for the cluster it left: now judged by its own probe")
                .isEqualTo("HALF_OPEN");
        post(solo.client(), "up,m").expectStatus().isOk();
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> usage(OTHER).contains("up|m|"));

        reload(solo, config(""));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !solo.status().has("cluster"));
        assertThat(health(solo)).isEqualTo("{\"status\":\"ok\"}");
        assertThat(prometheus(solo)).doesNotContain("router_cluster_connected");
        post(solo.client(), "up,m").expectStatus().isOk();
    }

    @Test
    void aReloadNamingNoRedisUrlIsRefusedAndTheConfigStays() {
        reload(solo, config("http://127.0.0.1:6379"));
        assertThat(solo.status().path("lastReload").path("ok").asBoolean()).isFalse();
        assertThat(solo.status().path("lastReload").path("message").asString())
                .contains("cluster.redis")
                .contains("redis://");
        post(solo.client(), "up,m").expectStatus().isOk();
    }

    /** Writes {@code text} over solo's config.json and asks for a reload, as an operator would. */
    private static void reload(RouterInstance instance, String text) {
        try {
            Files.writeString(instance.home.resolve("config.json"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        instance.admin().post().uri("/api/reload").exchange();
    }

    private static String config(String redis) {
        String cluster = redis.isEmpty() ? "" : "\"cluster\": {\"redis\": \"" + redis + "\"},";
        return """
                {"LOG": false, %s
                 "Providers": [
                   {"name": "up", "api_base_url": "%s/v1/messages", "api_key": "sk-up", "models": ["m"],
                    "transformer": {"use": ["anthropic"]}},
                   {"name": "flaky", "api_base_url": "%s/v1/messages", "api_key": "sk-flaky", "models": ["m"],
                    "transformer": {"use": ["anthropic"]},
                    "resilience": {"max_attempts": 1, "breaker_window": 2, "breaker_min_calls": 2, "breaker_open_ms": 60000}}],
                 "Router": {"default": "up,m"}}
                """.formatted(cluster, UP.url(), FLAKY.url());
    }

    private static String usage(RedisServer redis) {
        return redis.command("HGETALL", SharedUsage.KEY + LocalDate.now(ZoneOffset.UTC));
    }

    private static String prometheus(RouterInstance instance) {
        return instance.admin()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
