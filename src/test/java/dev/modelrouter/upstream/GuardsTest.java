package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.ProviderConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardsTest {

    private static ProviderConfig provider() throws Exception {
        return ConfigLoader.parse("""
                {"Providers": [{"name": "anth", "api_base_url": "https://api.example.com/v1/messages",
                  "api_key": "k", "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}]}
                """, Path.of("config.json"), Map.of())
                .providers()
                .get(0);
    }

    @Test
    void unlistedModelsKeepOnlyTheMostRecentlyUsedBreakersOutsideTheRegistry() throws Exception {
        Guards guards = new Guards();
        ProviderConfig anth = provider();
        CircuitBreaker listed = guards.breaker(anth, "claude-up", true);
        listed.transitionToOpenState();

        for (int i = 0; i < 10_000; i++) {
            guards.breaker(anth, "name-" + i, false);
        }

        assertThat(guards.states())
                .hasSize(Guards.UNLISTED_CAPACITY + 1)
                .containsEntry("anth,claude-up", "OPEN")
                .containsKey("anth,name-9999")
                .doesNotContainKey("anth,name-0");
        assertThat(guards.breakerRegistry().getAllCircuitBreakers())
                .extracting(CircuitBreaker::getName)
                .containsExactly("anth,claude-up");
        assertThat(guards.breaker(anth, "claude-up", true)).isSameAs(listed);
    }

    @Test
    void aRecentlyUsedUnlistedBreakerKeepsItsState() throws Exception {
        Guards guards = new Guards();
        ProviderConfig anth = provider();
        CircuitBreaker mine = guards.breaker(anth, "my-model", false);
        mine.transitionToOpenState();

        for (int i = 0; i < 10 * Guards.UNLISTED_CAPACITY; i++) {
            assertThat(guards.breaker(anth, "my-model", false)).isSameAs(mine);
            guards.breaker(anth, "name-" + i, false);
        }

        assertThat(guards.states()).containsEntry("anth,my-model", "OPEN");
    }
}
