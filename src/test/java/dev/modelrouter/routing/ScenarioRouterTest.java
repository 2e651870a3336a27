package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ScenarioRouterTest {

    private static final String PROVIDERS = """
            "Providers": [
              {"name": "DeepSeek", "api_base_url": "https://api.deepseek.com/chat/completions", "api_key": "k",
               "models": ["deepseek-chat", "deepseek-reasoner"]},
              {"name": "big", "api_base_url": "https://big.example/v1/chat/completions", "api_key": "k",
               "models": ["long-1", "bg-1", "search-1", "think-1", "vision-1"]}
            ]""";

    private static final RouterConfig FULL = config("""
            {%s, "Router": {"default": "deepseek,deepseek-chat", "background": "big,bg-1", "think": "big,think-1",
              "longContext": "big,long-1", "longContextThreshold": 1000, "webSearch": "big,search-1", "image": "big,vision-1"}}
            """.formatted(PROVIDERS));

    private static final RouterConfig DEFAULT_ONLY = config("""
            {%s, "Router": {"default": "deepseek,deepseek-chat"}}
            """.formatted(PROVIDERS));

    private final ScenarioRouter router = new ScenarioRouter();

    private static RouterConfig config(String json) {
        try {
            return ConfigLoader.parse(json, Path.of("config.json"), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain Claude Code main turn: adaptive thinking, medium effort, tools, small prompt. */
    private static Traits mainTurn() {
        return new Traits();
    }

    private static final class Traits {
        String model = "claude-opus-5-5";

        @Nullable
        String subagent;

        @Nullable
        Integer budget;

        @Nullable
        String effort = "medium";

        boolean webSearch;
        boolean image;

        @Nullable
        Integer maxTokens = 32000;

        int tools = 12;
        boolean structured;
        long textBytes = 500;
        int tokens = 12_000;
        final AtomicInteger counted = new AtomicInteger();

        RequestTraits build() {
            return new RequestTraits(
                    model, subagent, budget, effort, webSearch, image, maxTokens, tools, structured, textBytes, () -> {
                        counted.incrementAndGet();
                        return tokens;
                    });
        }
    }

    private String route(Traits t) {
        return router.route(t.build(), FULL).primary().header();
    }

    @Test
    void aPlainMainTurnGoesToDefault() {
        assertThat(route(mainTurn())).isEqualTo("default DeepSeek,deepseek-chat");
    }

    @Test
    void explicitProviderModelWinsOverEverythingAndMatchesCaseInsensitively() {
        Traits t = mainTurn();
        t.model = "DEEPSEEK,DeepSeek-Reasoner";
        t.budget = 5000;
        t.image = true;
        assertThat(route(t)).isEqualTo("explicit DeepSeek,deepseek-reasoner");
    }

    @Test
    void explicitModelOutsideTheListIsPassedAsTyped() {
        Traits t = mainTurn();
        t.model = "deepseek,deepseek-v9";
        assertThat(route(t)).isEqualTo("explicit DeepSeek,deepseek-v9");
    }

    @Test
    void unknownExplicitProviderIsAClearError() {
        Traits t = mainTurn();
        t.model = "deepseak,deepseek-chat";
        assertThatThrownBy(() -> route(t))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("no provider named 'deepseak'")
                .hasMessageContaining("DeepSeek, big");
    }

    @Test
    void subagentTagBeatsScenarios() {
        Traits t = mainTurn();
        t.subagent = "big,think-1";
        t.textBytes = 10_000_000;
        assertThat(route(t)).isEqualTo("subagent big,think-1");
    }

    private static final RouterConfig SIXTY_K = config("""
            {%s, "Router": {"default": "deepseek,deepseek-chat", "longContext": "big,long-1"}}
            """.formatted(PROVIDERS));

    @Test
    void aLongSessionStaysOnLongContextWhileItsTurnsHoldMoreThanTwentyThousandTokens() {
        Traits turn = mainTurn();
        turn.textBytes = 120_000;
        turn.tokens = 30_000;
        AtomicInteger asked = new AtomicInteger();
        IntSupplier longSession = () -> {
            asked.incrementAndGet();
            return 65_000;
        };
        assertThat(router.route(turn.build(), SIXTY_K, longSession).primary().header())
                .isEqualTo("longContext big,long-1");
        assertThat(router.route(turn.build(), SIXTY_K, () -> 59_000).primary().header())
                .as("the session never passed the threshold")
                .startsWith("default");

        Traits small = mainTurn();
        small.textBytes = 60_000;
        small.tokens = 15_000;
        assertThat(router.route(small.build(), SIXTY_K, longSession).primary().header())
                .as("a turn of 20 000 tokens or fewer leaves it")
                .startsWith("default");

        Traits tiny = mainTurn();
        asked.set(0);
        assertThat(router.route(tiny.build(), DEFAULT_ONLY, longSession)
                        .primary()
                        .header())
                .startsWith("default");
        assertThat(asked)
                .as("no longContext target: the session is not looked up")
                .hasValue(0);
    }

    @Test
    void longContextAboveThresholdTokenizesOnlyWhenTheEstimateIsClose() {
        Traits small = mainTurn();
        small.textBytes = 900;
        assertThat(route(small)).startsWith("default");
        assertThat(small.counted).hasValue(0);

        Traits huge = mainTurn();
        huge.textBytes = 100_000;
        assertThat(route(huge)).isEqualTo("longContext big,long-1");
        assertThat(huge.counted).hasValue(0);

        Traits close = mainTurn();
        close.textBytes = 4_000;
        close.tokens = 1_001;
        assertThat(route(close)).isEqualTo("longContext big,long-1");
        assertThat(close.counted).hasValue(1);
        close.tokens = 999;
        assertThat(route(close)).startsWith("default");
    }

    @Test
    void haikuAndHousekeepingCallsGoToBackground() {
        Traits haiku = mainTurn();
        haiku.model = "claude-haiku-5-5";
        assertThat(route(haiku)).isEqualTo("background big,bg-1");

        Traits probe = mainTurn();
        probe.maxTokens = 1;
        probe.tools = 0;
        assertThat(route(probe)).isEqualTo("background big,bg-1");

        Traits title = mainTurn();
        title.structured = true;
        title.tools = 0;
        assertThat(route(title)).isEqualTo("background big,bg-1");

        Traits structuredWithTools = mainTurn();
        structuredWithTools.structured = true;
        assertThat(route(structuredWithTools)).startsWith("default");
    }

    @Test
    void webSearchToolSelectsWebSearch() {
        Traits t = mainTurn();
        t.webSearch = true;
        t.budget = 2000;
        assertThat(route(t)).isEqualTo("webSearch big,search-1");
    }

    @Test
    void thinkNeedsAnExplicitBudgetOrAHighEnoughEffort() {
        Traits adaptive = mainTurn();
        adaptive.effort = "high";
        assertThat(route(adaptive)).startsWith("default");

        Traits budget = mainTurn();
        budget.budget = 4096;
        assertThat(route(budget)).isEqualTo("think big,think-1");

        Traits xhigh = mainTurn();
        xhigh.effort = "xhigh";
        assertThat(route(xhigh)).isEqualTo("think big,think-1");

        Traits max = mainTurn();
        max.effort = "MAX";
        assertThat(route(max)).isEqualTo("think big,think-1");
    }

    @Test
    void imageInTheLastUserMessageSelectsImage() {
        Traits t = mainTurn();
        t.image = true;
        assertThat(route(t)).isEqualTo("image big,vision-1");
    }

    @Test
    void precedenceIsLongContextBackgroundWebSearchThinkImage() {
        Traits all = mainTurn();
        all.model = "claude-haiku-5-5";
        all.webSearch = true;
        all.budget = 1024;
        all.image = true;
        all.textBytes = 100_000;
        assertThat(route(all)).startsWith("longContext");
        all.textBytes = 10;
        assertThat(route(all)).startsWith("background");
        all.model = "claude-opus-5-5";
        assertThat(route(all)).startsWith("webSearch");
        all.webSearch = false;
        assertThat(route(all)).startsWith("think");
        all.budget = null;
        assertThat(route(all)).startsWith("image");
    }

    @Test
    void missingScenarioFallsBackToDefaultWithoutCountingTokens() {
        Traits t = mainTurn();
        t.model = "claude-haiku-5-5";
        t.budget = 100;
        t.textBytes = 300_000;
        RoutePlan plan = router.route(t.build(), DEFAULT_ONLY);
        assertThat(plan.primary().header()).isEqualTo("default DeepSeek,deepseek-chat");
        assertThat(t.counted).hasValue(0);
    }

    @Test
    void noDefaultIsAClearError() {
        RouterConfig none = config("{%s}".formatted(PROVIDERS));
        assertThatThrownBy(() -> router.route(mainTurn().build(), none))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("Router.default");
    }

    @Test
    void aTargetNamedBySubAgentTagScriptOrRuleIsCheckedLikeAClientsModel() {
        Traits t = mainTurn();
        t.subagent = "big,think-1\nforged";
        assertThatThrownBy(() -> router.route(t.build(), FULL))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> router.named("big," + "x".repeat(300), Scenario.CUSTOM, FULL))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("bytes long");
        assertThat(router.named("big,vendor/model:tag", Scenario.CUSTOM, FULL)
                        .primary()
                        .model())
                .isEqualTo("vendor/model:tag");
    }
}
