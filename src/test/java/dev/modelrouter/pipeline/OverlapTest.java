package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverlapTest {

    @Test
    void dropsTheLastWordsAModelRestatesInANewTurn() {
        assertThat(Overlap.after("one two three ", "two three four five", true)).isEqualTo("four five");
        assertThat(Overlap.after("one two three", " two three four", true)).isEqualTo(" four");
    }

    @Test
    void dropsAWholeAnswerRestatedFromItsStart() {
        assertThat(Overlap.after("one two three", "one two three four", true)).isEqualTo(" four");
    }

    @Test
    void dropsACutWordTheModelWroteAgainWhole() {
        assertThat(Overlap.after("Hello wor", "world! Bye", true)).isEqualTo("ld! Bye");
    }

    @Test
    void keepsTextThatOnlyLooksLikeTheEndInsideAWord() {
        assertThat(Overlap.after("we saw a", "another one", true)).isEqualTo(" another one");
        assertThat(Overlap.after("count to w4", "w41 w42", true)).isEqualTo(" w41 w42");
    }

    @Test
    void putsOneSpaceAtTheSeam() {
        assertThat(Overlap.after("one two ", " three", false)).isEqualTo("three");
        assertThat(Overlap.after("one two", " three", false)).isEqualTo(" three");
        assertThat(Overlap.after("one two", "three", true)).isEqualTo(" three");
        assertThat(Overlap.after("one two", ", three", true)).isEqualTo(", three");
    }
}
