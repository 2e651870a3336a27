package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTrafficTest {

    static final long MS = 1_000_000L;
    static final long NOW = 29_000_000L;

    @Test
    void countsRequestsErrorsAndTokensPerMinuteAndModel() {
        RecentTraffic traffic = new RecentTraffic();
        traffic.record("p", "m1", NOW - 1, false, 100 * MS, 20 * MS, new Usage(10, 5, 2, 1));
        traffic.record("p", "m2", NOW, true, 100 * MS, -1, Usage.ZERO);
        traffic.record("p", "m2", NOW, false, 100 * MS, 30 * MS, new Usage(1, 1, 0, 0));
        traffic.failed("p", NOW);

        RecentTraffic.Window w = traffic.snapshot(NOW).get(0);
        assertThat(w.failures()).isEqualTo(1);

        assertThat(w.provider()).isEqualTo("p");
        assertThat(w.requests()).isEqualTo(3);
        assertThat(w.errors()).isEqualTo(1);
        assertThat(w.input()).isEqualTo(14);
        assertThat(w.output()).isEqualTo(6);
        assertThat(w.minutes()).hasSize(RecentTraffic.MINUTES);
        assertThat(w.minutes().get(RecentTraffic.MINUTES - 1)).isEqualTo(new RecentTraffic.Minute(NOW, 2, 1, 1));
        assertThat(w.minutes().get(RecentTraffic.MINUTES - 2)).isEqualTo(new RecentTraffic.Minute(NOW - 1, 1, 0, 0));
        assertThat(w.models())
                .containsEntry("m1", new RecentTraffic.Tokens(13, 5))
                .containsEntry("m2", new RecentTraffic.Tokens(1, 1));
    }

    @Test
    void forgetsMinutesOlderThanTheWindowAndReusesTheirSlots() {
        RecentTraffic traffic = new RecentTraffic();
        traffic.record("p", "m", NOW - RecentTraffic.MINUTES, false, MS, MS, new Usage(100, 100, 0, 0));
        assertThat(traffic.snapshot(NOW).get(0).requests()).isZero();

        traffic.record("p", "m", NOW, false, MS, MS, new Usage(1, 1, 0, 0));

        RecentTraffic.Window w = traffic.snapshot(NOW).get(0);
        assertThat(w.requests()).isEqualTo(1);
        assertThat(w.input()).isEqualTo(1);
    }

    @Test
    void quantilesComeFromTheHistogramWithinAQuarter() {
        RecentTraffic traffic = new RecentTraffic();
        for (int i = 0; i < 97; i++) {
            traffic.record("p", "m", NOW, false, 100 * MS, 10 * MS, Usage.ZERO);
        }
        for (int i = 0; i < 3; i++) {
            traffic.record("p", "m", NOW, false, 5_000 * MS, -1, Usage.ZERO);
        }

        RecentTraffic.Window w = traffic.snapshot(NOW).get(0);

        assertThat(w.latencyP50Ms()).isBetween(100L, 125L);
        assertThat(w.latencyP99Ms()).isBetween(5_000L, 6_250L);
        assertThat(w.ttftP50Ms()).isBetween(10L, 13L);
        assertThat(List.of(w.ttftP99Ms())).allMatch(v -> v >= 10 && v <= 13);
    }

    @Test
    void anEmptyWindowHasNoQuantiles() {
        RecentTraffic traffic = new RecentTraffic();
        traffic.record("p", "m", NOW - 100, false, MS, MS, Usage.ZERO);

        RecentTraffic.Window w = traffic.snapshot(NOW).get(0);

        assertThat(w.latencyP50Ms()).isEqualTo(-1);
        assertThat(w.ttftP99Ms()).isEqualTo(-1);
    }
}
