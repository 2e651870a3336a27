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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {

    @TempDir
    Path dir;

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
        Path file = dir.resolve("config.json");
        Files.writeString(file, initial);
        ConfigReloader reloader = new ConfigReloader(new LiveConfig(ConfigLoader.load(file, Map.of())), file, Map.of());
        watcher = new ConfigWatcher(reloader, ConfigWatcher.DEBOUNCE, Duration.ofMillis(500));
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

    private static void await(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + max);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void swapsTheSnapshotWithinASecondOfAnEdit() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        long begin = System.nanoTime();
        Files.writeString(reloader.path(), config("m2"));
        await(Duration.ofMillis(1500), () -> model(reloader).equals("m2"));

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(1));
        assertThat(reloader.last().ok()).isTrue();
        assertThat(reloader.last().trigger()).isEqualTo("watch");
    }

    @Test
    void rejectsAnInvalidFileWholeAndKeepsTheOldSnapshot() throws Exception {
        ConfigReloader reloader = start(config("m1"));
        RouterConfig before = reloader.live().current();

        Files.writeString(reloader.path(), "{\n  \"Providers\": [\n    {\"name\": \"p\",,}\n");
        await(Duration.ofSeconds(2), () -> !reloader.last().ok());

        assertThat(reloader.live().current()).isSameAs(before);
        assertThat(reloader.last().message()).startsWith("rejected, the previous config stays in force: config.json: invalid JSON at line 3, column");
        assertThat(reloader.last().problems()).extracting(ConfigProblem::path).containsExactly("$");
    }

    @Test
    void reportsTheJsonPathOfAValidationError() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Files.writeString(reloader.path(), config("m1").replace("\"p,m1\"", "\"nope,m1\""));
        await(Duration.ofSeconds(2), () -> !reloader.last().ok());

        assertThat(reloader.last().problems()).extracting(ConfigProblem::path).containsExactly("$.Router.default");
        assertThat(model(reloader)).isEqualTo("m1");
    }

    @Test
    void followsEditorsThatSaveByRenamingANewFileOverTheOld() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Path tmp = dir.resolve(".config.json.swp");
        Files.writeString(tmp, config("m2"));
        Files.move(tmp, reloader.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await(Duration.ofMillis(1500), () -> model(reloader).equals("m2"));

        Files.delete(reloader.path());
        Files.writeString(reloader.path(), config("m3"));
        await(Duration.ofMillis(1500), () -> model(reloader).equals("m3"));
    }

    @Test
    void reloadsOnceForABurstOfWrites() throws Exception {
        ConfigReloader reloader = start(config("m0"));

        for (int i = 1; i <= 10; i++) {
            Files.writeString(reloader.path(), config("m" + i));
            Thread.sleep(5);
        }
        await(Duration.ofSeconds(2), () -> model(reloader).equals("m10"));
        Thread.sleep(1200);

        assertThat(watcher.reloads()).isEqualTo(1);
    }

    @Test
    void asksForARestartInsteadOfApplyingANewPort() throws Exception {
        ConfigReloader reloader = start(config("m1"));

        Files.writeString(reloader.path(), config("m2", 4000));
        await(Duration.ofSeconds(2), () -> reloader.last().restartNeeded());

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
        for (int t = 0; t < 4; t++) {
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    RouterConfig c = reloader.live().current();
                    String routed = c.router().targets(Scenario.DEFAULT).get(0).model();
                    if (!c.providers().get(0).models().equals(List.of(routed))) {
                        synchronized (torn) {
                            torn.add(routed);
                        }
                    }
                    reads.incrementAndGet();
                }
            });
            reader.start();
            readers.add(reader);
        }
        for (int i = 1; i <= 100; i++) {
            String text = i % 3 == 0 ? config("m" + i).substring(0, 60) : config("m" + i);
            Path tmp = dir.resolve("next.tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, reloader.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(i % 10 == 0 ? 400 : 3);
        }
        await(Duration.ofSeconds(3), () -> model(reloader).equals("m100"));
        done.set(true);
        for (Thread r : readers) {
            r.join();
        }

        assertThat(torn).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(watcher.reloads()).isBetween(5, 60);
    }
}
