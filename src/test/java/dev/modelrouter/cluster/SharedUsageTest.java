package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Usage;
import dev.modelrouter.testing.MovableClock;
import dev.modelrouter.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage counts held while Redis is away, across UTC midnights, against a real redis-server: what
 * reaches Redis once it is back shows which days' counts were kept.
 */
class SharedUsageTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final Instant DAY_ONE = Instant.parse("2026-03-01T23:00:00Z");

    private final MovableClock clock = new MovableClock(DAY_ONE);
    private final RedisLink link = new RedisLink(new ClusterSettings(URI.create(REDIS.url()), Duration.ofSeconds(2)));
    private final SharedUsage usage = new SharedUsage(link, clock, new SimpleMeterRegistry());

    @BeforeEach
    void empty() {
        REDIS.command("FLUSHALL");
    }

    @AfterEach
    void close() {
        link.close();
    }

    @Test
    void countsRedisNeverTookAreDroppedOnceTheirDayIsOlderThanYesterday() {
        usage.recorded("p", "m", "c", new Usage(10, 1, 0, 0), false);
        usage.flush().block();
        clock.set(Instant.parse("2026-03-02T00:30:00Z"));
        usage.recorded("p", "m", "c", new Usage(20, 2, 0, 0), false);
        usage.flush().block();
        clock.set(Instant.parse("2026-03-03T00:30:00Z"));
        usage.flush().block();

        link.connect();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(link::up);
        usage.flush().block();

        assertThat(REDIS.command("HGETALL", SharedUsage.KEY + "2026-03-01"))
                .as("two days ago: dropped")
                .doesNotContain("p|m|c");
        assertThat(REDIS.command("HGETALL", SharedUsage.KEY + "2026-03-02"))
                .as("yesterday: kept and flushed")
                .contains("p|m|c|requests")
                .contains("p|m|c|input");
    }

    @Test
    void countsOfYesterdayStillReachRedisAfterMidnight() {
        usage.recorded("p", "m", "late", new Usage(5, 1, 0, 0), false);
        usage.flush().block();
        clock.set(Instant.parse("2026-03-02T00:10:00Z"));

        link.connect();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(link::up);
        usage.flush().block();

        assertThat(REDIS.command("HGETALL", SharedUsage.KEY + "2026-03-01")).contains("p|m|late|requests");
    }
}
