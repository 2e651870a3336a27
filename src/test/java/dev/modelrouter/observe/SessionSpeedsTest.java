package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionSpeedsTest {

    private static final long MS = 1_000_000L;

    @Test
    void anAnswerIsTimedFromTheRequestToItsLastByteAsCcrEndsItsCount() {
        SessionSpeeds speeds = new SessionSpeeds();
        Instant at = Instant.parse("2026-11-30T00:00:00Z");
        speeds.record("stream", 500, 800 * MS, 10_000 * MS, at);
        speeds.record("whole", 500, 4_990 * MS, 5_000 * MS, at);

        assertThat(speeds.of("stream")).hasValueSatisfying(s -> {
            assertThat(s.tokensPerSecond()).isEqualTo(50.0);
            assertThat(s.timeToFirstTokenMillis()).isEqualTo(800);
            assertThat(s.timeToFirstTokenMillis()).isEqualTo(800);
            assertThat(s.at()).isEqualTo(at);
        });
        assertThat(speeds.of("whole"))
                .hasValueSatisfying(s -> assertThat(s.tokensPerSecond()).isEqualTo(100.0));
    }

    @Test
    void answersWithoutOutputOrSessionAreLeftOut() {
        SessionSpeeds speeds = new SessionSpeeds();
        speeds.record("s", 0, MS, 2 * MS, Instant.now());
        speeds.record("t", 10, -1, 2 * MS, Instant.now());
        speeds.record(null, 10, MS, 2 * MS, Instant.now());
        assertThat(speeds.of("s")).isEmpty();
        assertThat(speeds.of("t")).isEmpty();
    }

    @Test
    void keepsTheMostRecentlyAnsweredSessionsWhateverIsRead() {
        SessionSpeeds speeds = new SessionSpeeds();
        for (int i = 0; i <= SessionSpeeds.CAPACITY; i++) {
            speeds.record("s" + i, 10, MS, 2 * MS, Instant.now());
            speeds.of("s0"); // reading does not keep a session
        }
        assertThat(speeds.of("s0")).isEmpty();
        assertThat(speeds.of("s1")).isPresent();
    }
}
