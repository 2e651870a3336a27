package dev.modelrouter.cluster;

import static dev.modelrouter.cluster.ClusterIT.awaitShared;
import static dev.modelrouter.cluster.ClusterIT.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.RedisServer;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recovery probes are not multiplied by the number of instances: while the instance that opened a
 * circuit keeps probing, the others hold it open and send nothing. Each instance has a key of its own
 * for the provider, so the scripted provider can tell who sent what.
 */
class ClusterProbeIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static final ScriptedUpstream DOWN = new ScriptedUpstream();
    static RouterInstance a;
    static RouterInstance b;

    @BeforeAll
    static void start() {
        DOWN.otherwise(
                r -> Reply.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}"));
        a = new RouterInstance(config("sk-a"));
        b = new RouterInstance(config("sk-b"));
        awaitShared(a);
        awaitShared(b);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, DOWN}) {
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
    void onlyTheInstanceThatOpenedACircuitProbesItWhileTheOthersHoldIt() {
        post(a.client(), "down,m").expectStatus().is5xxServerError();
        post(a.client(), "down,m").expectStatus().is5xxServerError();
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> b.status().path("cluster").path("openElsewhere").has("down,m"));
        int opened = DOWN.received().size();

        // both instances get traffic for three of a's open waits (1 s each): a probes after each
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            post(a.client(), "down,m").expectStatus().is5xxServerError();
            post(b.client(), "down,m").expectStatus().is5xxServerError();
        }

        List<String> keys = DOWN.received().subList(opened, DOWN.received().size()).stream()
                .map(r -> r.headers().get("x-api-key"))
                .toList();
        assertThat(keys).as("a's probes").contains("sk-a").doesNotContain("sk-b");
        assertThat(b.status().path("circuits").path("down,m").asString()).isEqualTo("FORCED_OPEN");
    }

    private static String config(String key) {
        return """
                {"LOG": false, "cluster": {"redis": "%s"},
                 "Providers": [
                   {"name": "down", "api_base_url": "%s/v1/messages", "api_key": "%s", "models": ["m"],
                    "transformer": {"use": ["anthropic"]},
                    "resilience": {"max_attempts": 1, "breaker_window": 2, "breaker_min_calls": 2, "breaker_open_ms": 1000}}],
                 "Router": {"default": "down,m"}}
                """.formatted(REDIS.url(), DOWN.url(), key);
    }
}
