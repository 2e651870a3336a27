package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecentBodiesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void keepsTheLastRequestsByCountAndEvictsTheOldest() {
        RecentBodies<String> bodies = new RecentBodies<>(3, 1_000, CLOCK);
        for (int i = 1; i <= 5; i++) {
            bodies.keep("id" + i, "body" + i, 10);
        }

        assertThat(bodies.get("id1")).isEmpty();
        assertThat(bodies.get("id2")).isEmpty();
        assertThat(bodies.get("id3")).contains("body3");
        assertThat(bodies.get("id5")).contains("body5");
        assertThat(bodies.size()).isEqualTo(3);
        assertThat(bodies.bytes()).isEqualTo(30);
    }

    @Test
    void evictsTheOldestUntilTheBytesFitEvenWithRoomInTheCount() {
        RecentBodies<String> bodies = new RecentBodies<>(100, 100, CLOCK);
        bodies.keep("a", "A", 40);
        bodies.keep("b", "B", 40);
        bodies.keep("c", "C", 50);

        assertThat(bodies.get("a")).isEmpty();
        assertThat(bodies.get("b")).contains("B");
        assertThat(bodies.get("c")).contains("C");
        assertThat(bodies.bytes()).isEqualTo(90);

        bodies.keep("d", "D", 100);
        assertThat(bodies.get("b")).isEmpty();
        assertThat(bodies.get("c")).isEmpty();
        assertThat(bodies.get("d")).contains("D");
        assertThat(bodies.bytes()).isEqualTo(100);
    }

    @Test
    void aBodyLargerThanTheWholeBoundIsNotKeptAndEvictsNothing() {
        RecentBodies<String> bodies = new RecentBodies<>(10, 100, CLOCK);
        bodies.keep("small", "S", 10);
        bodies.keep("huge", "H", 101);

        assertThat(bodies.get("huge")).isEmpty();
        assertThat(bodies.get("small")).contains("S");
        assertThat(bodies.bytes()).isEqualTo(10);
    }

    @Test
    void theMissingMessageSaysWhatIsKeptAndSinceWhen() {
        RecentBodies<String> bodies = new RecentBodies<>(100, 16L * 1024 * 1024, CLOCK);
        assertThat(bodies.missing("abc"))
                .contains(
                        "no request with id abc is kept",
                        "only the last 100 requests",
                        "at most 16 MiB",
                        "never on disk",
                        "it holds none; the daemon started at 2026-01-02T03:04:05Z");

        bodies.keep("x", "X", 1);
        assertThat(bodies.missing("abc")).contains("the oldest it holds now arrived at 2026-01-02T03:04:05Z");
    }
}
