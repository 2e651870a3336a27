package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Thinking;
import org.junit.jupiter.api.Test;

class ReasoningEffortTest {

    @Test
    void mapsThinkingBudgetToEffortAtTheBoundaries() {
        assertThat(ReasoningEffort.of(new Thinking.Enabled(1024), null)).isEqualTo("low");
        assertThat(ReasoningEffort.of(new Thinking.Enabled(1025), null)).isEqualTo("medium");
        assertThat(ReasoningEffort.of(new Thinking.Enabled(8192), null)).isEqualTo("medium");
        assertThat(ReasoningEffort.of(new Thinking.Enabled(8193), null)).isEqualTo("high");
    }

    @Test
    void explicitEffortWinsAndCapsAtHigh() {
        assertThat(ReasoningEffort.of(new Thinking.Enabled(32000), "low")).isEqualTo("low");
        assertThat(ReasoningEffort.of(new Thinking.Adaptive(null), "max")).isEqualTo("high");
        assertThat(ReasoningEffort.of(null, "XHIGH")).isEqualTo("high");
    }

    @Test
    void noBudgetAndNoEffortMeansNoEffort() {
        assertThat(ReasoningEffort.of(new Thinking.Adaptive(null), null)).isNull();
        assertThat(ReasoningEffort.of(null, null)).isNull();
    }
}
