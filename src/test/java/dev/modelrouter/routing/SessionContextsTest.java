package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SessionContextsTest {

    @Test
    void theHeaderWinsThenTheUserIdInEitherFormat() {
        assertThat(SessionContexts.sessionId(" abc ", "user_x_account__session_old"))
                .isEqualTo("abc");
        assertThat(SessionContexts.sessionId(null, "user_1f2e_account__session_9b1c-44"))
                .isEqualTo("9b1c-44");
        assertThat(SessionContexts.sessionId("", "{\"device_id\":\"d\",\"account_uuid\":\"\",\"session_id\":\"s-7\"}"))
                .isEqualTo("s-7");
        assertThat(SessionContexts.sessionId(null, "{\"session_id\": {\"nested\": 1}}"))
                .isNull();
        assertThat(SessionContexts.sessionId(null, "{not json")).isNull();
        assertThat(SessionContexts.sessionId(null, "just-a-user")).isNull();
        assertThat(SessionContexts.sessionId(null, "user__session_")).isNull();
        assertThat(SessionContexts.sessionId(null, null)).isNull();
        assertThat(SessionContexts.sessionId("x".repeat(129), null))
                .as("longer than any id Claude Code sends")
                .isNull();
    }

    @Test
    void anUnknownSessionIsLookedUpElsewhereUntilThereIsAnAnswerAndThenNeverAgain() {
        SessionContexts sessions = new SessionContexts();
        assertThat(sessions.unknown("s")).as("no lookup: nothing to ask").isFalse();
        List<String> asked = new ArrayList<>();
        List<Mono<Integer>> answers = new ArrayList<>(List.of(Mono.empty(), Mono.just(70_000)));
        sessions.onMiss(id -> {
            asked.add(id);
            return answers.remove(0);
        });
        assertThat(sessions.unknown(null)).isFalse();

        assertThat(sessions.unknown("s")).isTrue();
        sessions.recall("s").block();
        assertThat(sessions.unknown("s"))
                .as("no answer (Redis away): ask again later")
                .isTrue();
        sessions.recall("s").block();
        assertThat(sessions.lastPrompt("s")).isEqualTo(70_000);
        assertThat(sessions.unknown("s")).isFalse();
        assertThat(asked).containsExactly("s", "s");
    }

    @Test
    void aSessionTheClusterDoesNotKnowIsAskedOnceAndATurnRecordedMeanwhileWins() {
        SessionContexts sessions = new SessionContexts();
        sessions.onMiss(id -> Mono.just(id.equals("new") ? 0 : 70_000));
        sessions.recall("new").block();
        assertThat(sessions.unknown("new")).as("answered: nothing known there").isFalse();
        assertThat(sessions.lastPrompt("new")).isZero();

        Mono<Void> slow = sessions.recall("old");
        sessions.record("old", new Usage(3_000, 1, 0, 0));
        slow.block();
        assertThat(sessions.lastPrompt("old")).isEqualTo(3_000);
    }

    @Test
    void remembersTheWholePromptOfTheLastAnsweredTurn() {
        SessionContexts sessions = new SessionContexts();
        sessions.record("s", new Usage(10, 5, 60_000, 2_000));
        assertThat(sessions.lastPrompt("s")).isEqualTo(62_010);
        sessions.record("s", new Usage(0, 0, 0, 0));
        assertThat(sessions.lastPrompt("s"))
                .as("an answer without usage changes nothing")
                .isEqualTo(62_010);
        sessions.record("s", new Usage(3_000, 1, 0, 0));
        assertThat(sessions.lastPrompt("s")).isEqualTo(3_000);
        assertThat(sessions.lastPrompt("other")).isZero();
        assertThat(sessions.lastPrompt(null)).isZero();
        sessions.record(null, new Usage(1, 1, 1, 1));
    }

    @Test
    void keepsOnlyTheMostRecentSessions() {
        SessionContexts sessions = new SessionContexts();
        for (int i = 0; i <= SessionContexts.CAPACITY; i++) {
            sessions.record("s" + i, new Usage(100, 1, 0, 0));
            if (i == 10) {
                sessions.lastPrompt("s0"); // a session asked about recently is kept
            }
        }
        assertThat(sessions.lastPrompt("s0")).isEqualTo(100);
        assertThat(sessions.lastPrompt("s1"))
                .as("the least recently used one went")
                .isZero();
        assertThat(sessions.lastPrompt("s" + SessionContexts.CAPACITY)).isEqualTo(100);
    }
}
