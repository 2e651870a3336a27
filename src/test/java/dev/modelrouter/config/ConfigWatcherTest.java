package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ConfigWatcher watcher;

    static String config(String model) {
        return config(model, 3456);
    }

    /** A config whose provider serves only {@code model} and routes default to it: a torn snapshot would show. */
    static String config(String model, int port) {
        return """
                {
                  // version %1$s
                  "PORT": %2$d,
                  "Providers": [{"name": "p", "api_base_url": "http://127.0.0.1:9/v1/chat/completions",
                                 "api_key": "k", "models": ["%1$s"]}],
                  "Router": {"default": "p,%1$s"}
                }
                """.formatted(model, port);
    }

    private ConfigReloader start(String initial) throws Exception {
        return start(initial, ConfigWatcher.DEBOUNCE, Duration.ofMillis(500));
    }

    private ConfigReloader start(String initial, Duration debounce, Duration poll) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, initial);
        ConfigReloader reloader = new ConfigReloader(new LiveConfig(ConfigLoader.load(file, Map.of())), file, Map.of());
        watcher = new ConfigWatcher(reloader, debounce, poll);
        watcher.start();
        return reloader;
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static String model(ConfigReloader r) {
        return r.live().current().router().targets(Scenario.DEFAULT).get(0).model();
    }

    // generous: a reload takes about the debounce (250 ms), but a busy shared machine may stall for seconds
    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    @Test
    void swapsTheSnapshotOnAnEditWithoutWaitingForThePoll() throws Exception {
        // the poll is an hour away, so only the file-change notification can bring the reload within WAIT
        ConfigReloader reloader = start(config("m1"), ConfigWatcher.DEBOUNCE, Duration.ofHours(1));

        Files.writeString(reloader.path(), config("m2"));
        await(() -> model(reloader).equals("m2"));

        assertThat(reloader.last().ok()).isTrue();
        assertThat(reloader.last().trigger()).isEqualTo("watch");
    }

    @Test
    void rejectsAnInvalidFileWholeAndKeepsTheOldSnapshot() throws Exception {
        ConfigReloader reloader = start(config("m1"));
        RouterConfig before = reloader.live().current();

        Files.writeString(reloader.path(), "{\n  \"Providers\": [\n    {\"name\": \"p\",,}\n");
        await(() -> !reloader.last().ok());

        assertThat(reloader.live().current()).isSameAs(before);
        assertThat(reloader.last().message())
                .startsWith(
                        "rejected, the previous config stays in force: config.json: invalid JSON at line 3, column");
        assertThat(reloader.last().problems()).extracting(ConfigProblem::path).containsExactly("$");
    }

    @Test
    void reportsTheJsonPathOfAValidationError() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Files.writeString(reloader.path(), config("m1").replace("\"p,m1\"", "\"nope,m1\""));
        await(() -> !reloader.last().ok());

        assertThat(reloader.last().problems()).extracting(ConfigProblem::path).containsExactly("$.Router.default");
        assertThat(model(reloader)).isEqualTo("m1");
    }

    @Test
    void followsEditorsThatSaveByRenamingANewFileOverTheOld() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Path tmp = dir.resolve(".config.json.swp");
        Files.writeString(tmp, config("m2"));
        Files.move(tmp, reloader.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await(() -> model(reloader).equals("m2"));

        Files.delete(reloader.path());
        Files.writeString(reloader.path(), config("m3"));
        await(() -> model(reloader).equals("m3"));
    }

    @Test
    void reloadsOnceForABurstOfWrites() throws Exception {
        // a burst is writes closer than the debounce; at 2 s (capped by MAX_DELAY) a stalled machine does not split it
        ConfigReloader reloader = start(config("m0"), Duration.ofSeconds(2), Duration.ofHours(1));

        for (int i = 1; i <= 10; i++) {
            Files.writeString(reloader.path(), config("m" + i));
        }
        await(() -> model(reloader).equals("m10"));
        // reloads run one at a time in order, so once this later write is applied every reload of the burst has run
        Files.writeString(reloader.path(), config("after"));
        await(() -> model(reloader).equals("after"));

        assertThat(watcher.reloads())
                .as("one reload for the burst, one for the later write")
                .isEqualTo(2);
    }

    @Test
    void asksForARestartInsteadOfApplyingANewPort() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Files.writeString(reloader.path(), config("m2", 4000));
        await(() -> reloader.last().restartNeeded());

        assertThat(model(reloader)).isEqualTo("m1");
        assertThat(reloader.last().ok()).isFalse();
        assertThat(reloader.last().message()).contains("PORT 3456 -> 4000").contains("router restart");
    }

    @Test
    void readersAlwaysSeeACompleteSnapshotWhileTheFileIsRewrittenAHundredTimes() throws Exception {
        ConfigReloader reloader = start(config("m0"));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> torn = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        // two readers, yielding: four spinning threads on a 2-core machine starve the watcher they wait for
        for (int t = 0; t < 2; t++) {
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    RouterConfig c = reloader.live().current();
                    String routed = c.router().targets(Scenario.DEFAULT).get(0).model();
                    if (!c.providers().get(0).models().equals(List.of(routed))) {
                        synchronized (torn) {
                            torn.add(routed);
                        }
                    }
                    seen.add(routed);
                    reads.incrementAndGet();
                    Thread.yield();
                }
            });
            reader.start();
            readers.add(reader);
        }
        List<String> checkpoints = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            boolean checkpoint = i % 10 == 0;
            String text = i % 3 == 0 && !checkpoint ? config("m" + i).substring(0, 60) : config("m" + i);
            Path tmp = dir.resolve("next.tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, reloader.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (checkpoint) {
                // every tenth write is awaited until the readers have read it: the reads span ten reloads at least
                String model = "m" + i;
                checkpoints.add(model);
                await(() -> seen.contains(model));
            }
        }
        done.set(true);
        for (Thread r : readers) {
            r.join();
        }

        assertThat(torn).isEmpty();
        assertThat(seen).containsAll(checkpoints);
        assertThat(watcher.reloads()).isGreaterThanOrEqualTo(checkpoints.size());
    }
}
