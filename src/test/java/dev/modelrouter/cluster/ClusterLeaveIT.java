package dev.modelrouter.cluster;

import static dev.modelrouter.cluster.ClusterIT.awaitShared;
import static dev.modelrouter.cluster.ClusterIT.health;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.testing.RedisServer;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster mode turned off through one instance's admin API while config changes are on their way
 * between instances: the change turning it off still reaches the others, and a change another instance
 * published meanwhile does not turn it back on.
 */
class ClusterLeaveIT {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    static final ScriptedUpstream UP = new ScriptedUpstream();
    RouterInstance a;
    RouterInstance b;

    @BeforeAll
    static void script() {
        UP.otherwise(r -> Reply.hi());
    }

    @AfterAll
    static void stopUpstream() {
        UP.close();
    }

    @AfterEach
    void stop() {
        for (RouterInstance instance : new RouterInstance[] {a, b}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    @Test
    void aChangeAnotherInstancePublishedWhileClusterModeIsTurnedOffDoesNotTurnItBackOn() throws Exception {
        a = new RouterInstance(config(REDIS.url(), "up"));
        awaitShared(a);
        ConfigReloader reloader = a.bean(ConfigReloader.class);
        // another instance's change, still in cluster mode, reaches a just as its operator turns it off:
        // holding the reloader's lock lines the two up in the order that used to lose the operator's change
        synchronized (reloader) {
            REDIS.command("PUBLISH", SharedConfig.CHANNEL, "elsewhere " + config(REDIS.url(), "other"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitingFor(reloader));
            assertThat(reloader.replace(config("", "up"), "api").ok()).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !waitingFor(reloader) && !adopting());

        assertThat(Files.readString(a.home.resolve("config.json")))
                .doesNotContain("cluster")
                .doesNotContain("\"other\"");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !a.status().has("cluster"));
        assertThat(a.status().path("lastReload").path("trigger").asString()).isEqualTo("api");
    }

    @Test
    void theChangeTurningClusterModeOffReachesTheOtherInstanceEvenWhenLeavingIsQuick() throws Exception {
        a = new RouterInstance(config(REDIS.url(), "up"));
        b = new RouterInstance(config(REDIS.url(), "up"));
        awaitShared(a);
        awaitShared(b);
        ConfigReloader reloader = a.bean(ConfigReloader.class);
        AtomicBoolean armed = new AtomicBoolean(true);
        // a's next change: give leaving every chance to finish before the change is published, as a busy
        // machine may; a bounded wait, as the fixed order never lets it finish first
        reloader.live().onChange(config -> {
            if (armed.getAndSet(false)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (health(a).contains("cluster") && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        });

        assertThat(reloader.replace(config("", "up"), "api").ok()).isTrue();

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> !b.status().has("cluster"));
        assertThat(Files.readString(b.home.resolve("config.json"))).doesNotContain("cluster");
        assertThat(a.status().has("cluster")).isFalse();
    }

    /** Whether a thread waits for the reloader's lock: the other instance's change, on its way in. */
    private static boolean waitingFor(ConfigReloader reloader) {
        int lock = System.identityHashCode(reloader);
        return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(true, false))
                .filter(t -> t.getThreadState() == Thread.State.BLOCKED)
                .map(ThreadInfo::getLockInfo)
                .anyMatch(l -> l != null && l.getIdentityHashCode() == lock);
    }

    /** Whether a thread is still adopting a change another instance sent. */
    private static boolean adopting() {
        return Thread.getAllStackTraces().values().stream()
                .flatMap(Arrays::stream)
                .anyMatch(f -> f.getClassName().equals(ConfigReloader.class.getName())
                        && f.getMethodName().startsWith("adopt"));
    }

    private static String config(String redis, String provider) {
        String cluster = redis.isEmpty() ? "" : "\"cluster\": {\"redis\": \"" + redis + "\"},";
        return """
                {"LOG": false, %s
                 "Providers": [
                   {"name": "%s", "api_base_url": "%s/v1/messages", "api_key": "sk-up", "models": ["m"],
                    "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "%s,m"}}
                """.formatted(cluster, provider, UP.url(), provider);
    }
}
