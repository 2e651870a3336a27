package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.model.Usage;
import dev.modelrouter.routing.SessionContexts;
import dev.modelrouter.testing.RedisServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session turns against a real redis-server with no other writer, so its command counts are this
 * instance's alone: turns are gathered into batches, and a prompt the cluster has is not written again.
 */
class SharedSessionsTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
    private final SessionContexts sessions = new SessionContexts();
    private RedisLink link;

    @BeforeEach
    void connect() throws Exception {
        REDIS.command("CONFIG", "RESETSTAT");
        link = new RedisLink(new ClusterSettings(URI.create(REDIS.url()), Duration.ofSeconds(2)));
        link.connect();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(link::up);
        LiveConfig live = new LiveConfig(ConfigLoader.parse(
                "{\"Router\": {\"longContextThreshold\": 60000}}", Path.of("config.json"), Map.of()));
        new SharedSessions(link, "here", live, flusher).share(sessions);
    }

    @AfterEach
    void close() {
        flusher.shutdownNow();
        link.close();
    }

    @Test
    void turnsGatheredWhileABatchIsOnItsWayGoOutAsOneBatchAndTheLatestPromptWins() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        flusher.execute(() -> awaitQuietly(busy));
        for (int prompt = 1000; prompt <= 50_000; prompt += 1000) {
            sessions.record("s-grows", new Usage(prompt, 1, 0, 0));
            sessions.record("s-two", new Usage(7, 1, 0, 0));
        }
        busy.countDown();

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> REDIS.command("GET", SharedSessions.KEY + "s-grows")
                                .contains("50000")
                        && REDIS.command("GET", SharedSessions.KEY + "s-two").contains("7"));
        assertThat(calls("psetex")).as("one per session, not one per turn").isEqualTo(2);
        assertThat(calls("publish")).as("one for the batch").isEqualTo(1);
    }

    @Test
    void aPromptTheClusterAlreadyHasIsNotWrittenAgain() {
        sessions.record("s-same", new Usage(5, 1, 0, 0));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> REDIS.command("GET", SharedSessions.KEY + "s-same").contains("5"));
        REDIS.command("CONFIG", "RESETSTAT");

        for (int i = 0; i < 100; i++) {
            sessions.record("s-same", new Usage(5, 1, 0, 0));
        }
        // past the long-context threshold: written at once, with whatever else is waiting
        sessions.record("s-long", new Usage(70_000, 1, 0, 0));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> REDIS.command("GET", SharedSessions.KEY + "s-long").contains("70000"));
        assertThat(calls("psetex")).as("s-long's only").isEqualTo(1);
        assertThat(calls("publish")).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many times Redis ran {@code command} since the test began. */
    private static long calls(String command) {
        String stats = REDIS.command("INFO", "commandstats");
        int at = stats.indexOf("cmdstat_" + command + ":calls=");
        if (at < 0) {
            return 0;
        }
        String rest = stats.substring(at + ("cmdstat_" + command + ":calls=").length());
        return Long.parseLong(rest.substring(0, rest.indexOf(',')));
    }
}
