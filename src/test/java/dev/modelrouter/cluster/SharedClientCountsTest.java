package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.clients.LocalCounts;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Client keys' shared counts without Redis: every answer comes from this instance's own counts. */
class SharedClientCountsTest {

    @Test
    void withoutRedisTheLocalCountsAnswerAndNoCallFails() {
        // never connected: no Redis listens on port 1, and the link is not asked to connect
        try (RedisLink link =
                new RedisLink(new ClusterSettings(URI.create("redis://127.0.0.1:1"), Duration.ofMillis(200)))) {
            SharedClientCounts counts = new SharedClientCounts(link, new LocalCounts());

            assertThat(counts.request("team", 7).block(Duration.ofSeconds(5))).isEqualTo(1L);
            assertThat(counts.request("team", 7).block(Duration.ofSeconds(5))).isEqualTo(2L);
            assertThat(counts.request("team", 8).block(Duration.ofSeconds(5))).isEqualTo(1L);
            counts.tokens("team", 8, "2026-12-06", 40);
            assertThat(counts.minuteTokens("team", 8).block(Duration.ofSeconds(5)))
                    .isEqualTo(40L);
            assertThat(counts.dayTokens("team", "2026-12-06").block(Duration.ofSeconds(5)))
                    .isEqualTo(40L);
            assertThat(counts.dayTokens("team", "2026-12-07").block(Duration.ofSeconds(5)))
                    .isZero();
        }
    }
}
