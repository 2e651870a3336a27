package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class RequestLogTest {

    @TempDir
    Path dir;

    @Test
    void createsNothingUntilTheFirstLine() {
        RequestLog log = RequestLog.in(dir.resolve("logs"));
        log.close();

        assertThat(dir.resolve("logs")).doesNotExist();
    }

    @Test
    void closeWritesEveryQueuedLine() throws IOException {
        RequestLog log = RequestLog.in(dir);
        for (int i = 0; i < 1000; i++) {
            log.offer(record(i));
        }
        log.close();

        assertThat(Files.readAllLines(dir.resolve("requests.jsonl"))).hasSize(1000);
        assertThat(log.dropped()).isZero();
    }

    @Test
    void rotatesBySizeAndKeepsTheNewestFiles() throws IOException {
        RequestLog log = new RequestLog(dir, 1000, 3, 10_000);
        for (int i = 0; i < 60; i++) {
            log.offer(record(i));
        }
        log.close();

        assertThat(dir.resolve("requests.3.jsonl")).doesNotExist();
        List<Integer> sequence = new ArrayList<>();
        for (String name : List.of("requests.2.jsonl", "requests.1.jsonl", "requests.jsonl")) {
            Path file = dir.resolve(name);
            assertThat(Files.size(file)).as(name).isLessThanOrEqualTo(1000);
            for (String line : Files.readAllLines(file)) {
                sequence.add(JsonMapper.builder()
                        .build()
                        .readTree(line)
                        .get("attempts")
                        .asInt());
            }
        }
        assertThat(sequence).last().isEqualTo(59);
        for (int i = 1; i < sequence.size(); i++) {
            assertThat(sequence.get(i)).isEqualTo(sequence.get(i - 1) + 1);
        }
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws IOException {
        Files.writeString(dir.resolve("requests.jsonl"), "x".repeat(900) + "\n");
        RequestLog log = new RequestLog(dir, 1000, 2, 100);
        log.offer(record(1));
        log.close();

        assertThat(Files.readString(dir.resolve("requests.1.jsonl"))).startsWith("xxx");
        assertThat(Files.readAllLines(dir.resolve("requests.jsonl"))).hasSize(1);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws IOException {
        RequestLog log = new RequestLog(dir, RequestLog.DEFAULT_MAX_BYTES, 2, 1);
        int offered = 20_000;
        int queued = 0;
        for (int i = 0; i < offered; i++) {
            if (log.offer(record(i))) {
                queued++;
            }
        }
        log.close();

        assertThat(log.dropped()).isPositive().isEqualTo(offered - queued);
        assertThat(Files.readAllLines(dir.resolve("requests.jsonl"))).hasSize(queued);
    }

    @Test
    void aLogThatCannotBeWrittenDropsAndCounts() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "");
        RequestLog log = new RequestLog(notADirectory, 1000, 2, 100);
        log.offer(record(1));
        log.offer(record(2));
        log.close();
        log.offer(record(3));

        assertThat(log.dropped()).isEqualTo(3);
    }

    @Test
    void publishesTheDroppedCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RequestLog log = RequestLog.in(dir);
        Observer observer = new Observer(registry, log, () -> true);
        observer.close();
        log.offer(record(1));

        assertThat(registry.get(RouterMetrics.REQUEST_LOG_DROPPED)
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    private static RequestRecord record(int sequence) {
        return new RequestRecord(
                RequestTrace.newId(),
                Instant.EPOCH,
                WireProtocol.ANTHROPIC,
                Scenario.DEFAULT,
                "claude",
                List.of("p,m"),
                sequence,
                "p,m",
                200,
                Outcome.OK,
                1_000_000,
                500_000,
                new Usage(1, 2, 3, 4),
                List.of(),
                null,
                null);
    }
}
