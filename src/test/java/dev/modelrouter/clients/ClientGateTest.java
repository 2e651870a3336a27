package dev.modelrouter.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelrouter.config.ClientKey;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.testing.MovableClock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client keys' door counting in memory, on a clock the test moves. */
class ClientGateTest {

    private static final RoutePlan PLAN = new RoutePlan(
            Scenario.DEFAULT,
            List.of(new Route("p", "open", Scenario.DEFAULT), new Route("p", "closed", Scenario.DEFAULT)));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T23:59:10Z"));
    private final ClientGate gate = new ClientGate(clock);

    @Test
    void overItsRpmTheKeyWaitsForTheNextMinuteWindow() {
        ClientKey key = new ClientKey("slow", "k", Set.of(), 2, 0, 0);
        gate.admit(key, PLAN).block();
        gate.admit(key, PLAN).block();

        RouterException refused = catchThrowableOfType(
                RouterException.class, () -> gate.admit(key, PLAN).block());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isEqualTo("50");

        clock.set(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(gate.admit(key, PLAN).block()).isNotNull();
    }

    @Test
    void aSpentDailyBudgetWaitsUntilUtcMidnightAndTpmForTheNextMinute() {
        ClientKey budget = new ClientKey("thrifty", "k", Set.of(), 0, 0, 10);
        gate.recorded("thrifty", new Usage(8, 2, 0, 0));
        RouterException refused = catchThrowableOfType(
                RouterException.class, () -> gate.admit(budget, PLAN).block());
        assertThat(refused.retryAfter()).isEqualTo("50");
        assertThat(refused.getMessage()).contains("budget of 10 tokens");

        ClientKey tpm = new ClientKey("busy", "k", Set.of(), 0, 10, 0);
        gate.recorded("busy", new Usage(5, 4, 0, 0));
        assertThat(gate.admit(tpm, PLAN).block()).isNotNull();
        gate.recorded("busy", new Usage(1, 0, 0, 0));
        assertThat(catchThrowableOfType(
                                RouterException.class,
                                () -> gate.admit(tpm, PLAN).block())
                        .getMessage())
                .contains("10 tokens per minute");
    }

    @Test
    void aKeyLimitedToSomeModelsIsRefusedItsPrimaryAndLosesFallbacksItMayNotUse() {
        ClientKey open = new ClientKey("narrow", "k", Set.of("p,open"), 0, 0, 0);
        assertThat(gate.admit(open, PLAN).block().routes())
                .extracting(Route::model)
                .containsExactly("open");

        ClientKey closedOnly = new ClientKey("other", "k", Set.of("closed"), 0, 0, 0);
        RouterException refused = catchThrowableOfType(
                RouterException.class, () -> gate.admit(closedOnly, PLAN).block());
        assertThat(refused.status()).isEqualTo(403);
    }
}
