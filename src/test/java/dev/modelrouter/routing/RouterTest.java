package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.spi.RouteRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static final RouterConfig FULL = config("""
            {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
               "models": ["main", "long", "bg", "search", "think", "vision", "custom"]}],
             "Router": {"default": "p,main", "background": "p,bg", "think": "p,think", "longContext": "p,long",
               "longContextThreshold": 60000, "webSearch": "p,search", "image": "p,vision"}}
            """);

    private static final RouterConfig DEFAULT_ONLY = config("""
            {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
               "models": ["main"]}], "Router": {"default": "p,main"}}
            """);

    private static RouterConfig config(String json) {
        try {
            return ConfigLoader.parse(json, Path.of("config.json"), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A plain Claude Code main turn; each test changes what its rule looks at. */
    private static final class Turn {
        String model = "claude-sonnet-4-5";

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

        boolean structured;
        long textBytes = 4800;
        int tokens = 1200;
        int lastPrompt;
        boolean ownRoutes;

        @Nullable
        String session = "sess-1";

        ScriptAnswer script = new ScriptAnswer.None();
        RouterConfig config = FULL;
        WireProtocol protocol = WireProtocol.ANTHROPIC;

        RouteQuery query() {
            RequestTraits traits = new RequestTraits(
                    model,
                    subagent,
                    budget,
                    effort,
                    webSearch,
                    image,
                    maxTokens,
                    12,
                    structured,
                    textBytes,
                    () -> tokens);
            return new RouteQuery(
                    traits,
                    () -> ChatRequest.builder().model(model).build(),
                    () -> tokens,
                    protocol,
                    new RouteQuery.Session(session, () -> lastPrompt, ownRoutes),
                    script,
                    config);
        }
    }

    private static RoutePlan plan(Turn turn, RouteRule... rules) {
        return new Router(new ScenarioRouter(), List.of(rules)).plan(turn.query());
    }

    private static String step(RoutePlan plan, Rule rule) {
        return plan.steps().stream()
                .filter(s -> s.rule() == rule)
                .findFirst()
                .orElseThrow()
                .brief();
    }

    @Test
    void asksEveryRuleInOrderAndMarksThoseAfterTheOneThatFiredNotReached() {
        Turn turn = new Turn();
        turn.budget = 8000;

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("think p,think");
        assertThat(plan.steps()).extracting(RouteStep::rule).containsExactly(Rule.values());
        assertThat(plan.steps())
                .extracting(s -> s.rule().key() + " " + s.verdict().label())
                .containsExactly(
                        "customRouter not configured",
                        "routeRule not configured",
                        "explicit no",
                        "subagent no",
                        "projectRoutes no",
                        "longContext no",
                        "background no",
                        "webSearch no",
                        "think fired",
                        "image not reached",
                        "default not reached",
                        "contextWindow not configured");
    }

    @Test
    void customRouterScriptFiresWithItsPathAndTarget() {
        Turn turn = new Turn();
        turn.script = new ScriptAnswer.Answered("/home/u/.router/router.js", "p,custom");

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("custom p,custom");
        assertThat(step(plan, Rule.CUSTOM_ROUTER))
                .isEqualTo("customRouter: fired (/home/u/.router/router.js chose p,custom)");
        assertThat(step(plan, Rule.LONG_CONTEXT)).isEqualTo("longContext: not reached");
    }

    @Test
    void customRouterScriptThatAnswersNothingLeavesTheDecisionToTheRules() {
        Turn turn = new Turn();
        turn.script = new ScriptAnswer.Answered("router.js", null);

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("default p,main");
        assertThat(step(plan, Rule.CUSTOM_ROUTER)).isEqualTo("customRouter: no (router.js answered nothing)");
    }

    @Test
    void routeRuleFiresWithItsTypedTarget() {
        RouteRule typed = new RouteRule() {
            @Override
            public Optional<String> route(ChatRequest request, RouteContext context) {
                return Optional.empty();
            }

            @Override
            public Optional<Target> target(ChatRequest request, RouteContext context) {
                return Optional.of(new Target("p", "custom"));
            }

            @Override
            public String toString() {
                return "rule Typed";
            }
        };
        RouteRule silent = new RouteRule() {
            @Override
            public Optional<String> route(ChatRequest request, RouteContext context) {
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "rule Silent";
            }
        };

        RoutePlan plan = plan(new Turn(), silent, typed);

        assertThat(plan.primary().header()).isEqualTo("custom p,custom");
        assertThat(plan.steps())
                .extracting(RouteStep::brief)
                .startsWith(
                        "customRouter: not configured", "routeRule: no (rule Silent answered nothing)",
                        "routeRule: fired (rule Typed chose p,custom)", "explicit: not reached");
    }

    @Test
    void routeRuleAnsweringTheOldStringFormStillRoutes() {
        RoutePlan plan = plan(new Turn(), (request, context) -> Optional.of("p,custom"));

        assertThat(plan.primary().header()).isEqualTo("custom p,custom");
    }

    @Test
    void routeRulesAreToldTheTokenCountSessionAndClientProtocol() {
        List<RouteRule.RouteContext> seen = new ArrayList<>();
        RouteRule rule = (request, context) -> {
            seen.add(context);
            return Optional.of("p,custom");
        };
        Turn claudeCode = new Turn();
        claudeCode.tokens = 1234;
        Turn openAi = new Turn();
        openAi.tokens = 5;
        openAi.session = null;
        openAi.protocol = WireProtocol.OPENAI;

        RoutePlan plan = plan(claudeCode, rule);
        plan(openAi, rule);

        assertThat(plan.primary().header()).isEqualTo("custom p,custom");
        assertThat(seen)
                .containsExactly(
                        new RouteRule.RouteContext(1234, Optional.of("sess-1"), "anthropic"),
                        new RouteRule.RouteContext(5, Optional.empty(), "openai"));
    }

    @Test
    void aScriptExplainDidNotRunIsSaidSoAndTheRulesDecide() {
        Turn turn = new Turn();
        turn.script = new ScriptAnswer.NotRun("/home/u/router.js");

        RoutePlan plan = plan(turn);

        assertThat(step(plan, Rule.CUSTOM_ROUTER))
                .isEqualTo("customRouter: not run by explain (/home/u/router.js is not"
                        + " run by explain; the rules below decide as if it answered nothing)");
        assertThat(plan.primary().header()).isEqualTo("default p,main");
    }

    @Test
    void explicitProviderModelFiresWithTheNameTheRequestGave() {
        Turn turn = new Turn();
        turn.model = "p,custom";

        RoutePlan plan = plan(turn);

        assertThat(step(plan, Rule.EXPLICIT)).isEqualTo("explicit: fired (p,custom)");
        assertThat(step(plan, Rule.LONG_CONTEXT)).isEqualTo("longContext: not reached");
    }

    @Test
    void explicitModelWithoutACommaIsAMiss() {
        assertThat(step(plan(new Turn()), Rule.EXPLICIT))
                .isEqualTo("explicit: no (model \"claude-sonnet-4-5\" is not provider,model)");
    }

    @Test
    void subagentTagFires() {
        Turn turn = new Turn();
        turn.subagent = "p,bg";

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("subagent p,bg");
        assertThat(step(plan, Rule.SUBAGENT)).isEqualTo("subagent: fired (p,bg)");
        assertThat(step(plan(new Turn()), Rule.SUBAGENT)).isEqualTo("subagent: no (no sub-agent tag)");
    }

    @Test
    void projectRoutesSayWhetherTheSessionHasItsOwnTable() {
        Turn turn = new Turn();
        turn.ownRoutes = true;
        Turn anonymous = new Turn();
        anonymous.session = null;

        assertThat(step(plan(turn), Rule.PROJECT_ROUTES))
                .isEqualTo("projectRoutes: fired (session sess-1 uses its project's Router table)");
        assertThat(step(plan(new Turn()), Rule.PROJECT_ROUTES))
                .isEqualTo("projectRoutes: no (session sess-1 has no routes of its own)");
        assertThat(step(plan(anonymous), Rule.PROJECT_ROUTES)).isEqualTo("projectRoutes: no (no Claude Code session)");
    }

    @Test
    void longContextShowsTheTokenCountAndThreshold() {
        Turn big = new Turn();
        big.textBytes = 280_000;
        big.tokens = 70_000;

        RoutePlan plan = plan(big);

        assertThat(plan.primary().header()).isEqualTo("longContext p,long");
        assertThat(step(plan, Rule.LONG_CONTEXT)).isEqualTo("longContext: fired (70000 tokens > 60000)");
        assertThat(step(plan(new Turn()), Rule.LONG_CONTEXT))
                .isEqualTo("longContext: no (~1200 tokens (4800 bytes) <= 60000; session's previous prompt 0 tokens)");
    }

    @Test
    void longContextStaysForALongSessionAndShowsItsPreviousPrompt() {
        Turn turn = new Turn();
        turn.textBytes = 100_000;
        turn.tokens = 25_000;
        turn.lastPrompt = 65_000;

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("longContext p,long");
        assertThat(step(plan, Rule.LONG_CONTEXT))
                .isEqualTo("longContext: fired (25000 tokens > 20000; session's previous prompt 65000 tokens > 60000)");
        assertThat(plan.steps().get(5))
                .isEqualTo(new RouteStep.LongContext(Verdict.FIRED, 60_000, 100_000, 25_000, 65_000, true));
    }

    @Test
    void backgroundShowsWhatItLookedAt() {
        Turn probe = new Turn();
        probe.maxTokens = 1;

        assertThat(step(plan(probe), Rule.BACKGROUND))
                .isEqualTo("background: fired (model claude-sonnet-4-5, max_tokens 1, 12 tools)");
        assertThat(step(plan(new Turn()), Rule.BACKGROUND))
                .isEqualTo("background: no (model claude-sonnet-4-5, max_tokens 32000, 12 tools)");
    }

    @Test
    void webSearchFiresOnAWebSearchTool() {
        Turn turn = new Turn();
        turn.webSearch = true;

        assertThat(step(plan(turn), Rule.WEB_SEARCH)).isEqualTo("webSearch: fired (web search tool)");
        assertThat(step(plan(new Turn()), Rule.WEB_SEARCH)).isEqualTo("webSearch: no (no web search tool)");
    }

    @Test
    void thinkShowsTheEffortAndTheMinimum() {
        Turn high = new Turn();
        high.effort = "max";

        assertThat(step(plan(high), Rule.THINK))
                .isEqualTo("think: fired (no thinking budget, effort max (minimum xhigh))");
        assertThat(step(plan(new Turn()), Rule.THINK))
                .isEqualTo("think: no (no thinking budget, effort medium (minimum xhigh))");
    }

    @Test
    void imageFiresOnAnImageInTheLastUserMessage() {
        Turn turn = new Turn();
        turn.image = true;

        assertThat(plan(turn).primary().header()).isEqualTo("image p,vision");
        assertThat(step(plan(turn), Rule.IMAGE)).isEqualTo("image: fired (image in the last user message)");
    }

    @Test
    void defaultFiresWhenNothingElseDidAndScenariosWithoutTargetsAreNotConfigured() {
        Turn turn = new Turn();
        turn.config = DEFAULT_ONLY;
        turn.budget = 8000;

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("default p,main");
        assertThat(step(plan, Rule.THINK)).isEqualTo("think: not configured");
        assertThat(step(plan, Rule.DEFAULT)).isEqualTo("default: fired (no other rule fired)");
        assertThat(plan.brief())
                .containsExactly(
                        "explicit: no (model \"claude-sonnet-4-5\" is not provider,model)",
                        "subagent: no (no sub-agent tag)",
                        "projectRoutes: no (session sess-1 has no routes of its own)",
                        "default: fired (no other rule fired)");
    }

    @Test
    void aScriptNamingAnUnknownProviderFailsTheRequestNamingTheScript() {
        Turn turn = new Turn();
        turn.script = new ScriptAnswer.Answered("router.js", "nope,x");

        assertThatThrownBy(() -> plan(turn))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("the custom router (CUSTOM_ROUTER_PATH) chose model \"nope,x\"");
    }

    private static final RouterConfig WINDOWS = config("""
            {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
               "models": [{"name": "small", "context": 8000}, {"name": "tiny", "context": 4000},
                          {"name": "long", "context": 200000}, "mystery"]}],
             "Router": {"default": "p,small", "longContext": "p,long", "longContextThreshold": 100000},
             "fallback": {"default": ["p,tiny", "p,mystery"]}}
            """);

    private static Turn prompt(RouterConfig config, int tokens) {
        Turn turn = new Turn();
        turn.config = config;
        turn.tokens = tokens;
        turn.textBytes = tokens * 4L;
        return turn;
    }

    @Test
    void aPromptTheModelHoldsStaysAndFallbacksTooSmallForItAreDropped() {
        RoutePlan plan = plan(prompt(WINDOWS, 6000));

        assertThat(plan.routes()).extracting(r -> r.target()).containsExactly("p,small", "p,mystery");
        assertThat(step(plan, Rule.CONTEXT_WINDOW)).isEqualTo("contextWindow: no (6000 tokens <= 8000 (p,small))");
    }

    @Test
    void aPromptOverTheModelsWindowGoesToLongContextEvenBelowTheThreshold() {
        RoutePlan plan = plan(prompt(WINDOWS, 9000));

        assertThat(plan.primary().header()).isEqualTo("longContext p,long");
        assertThat(step(plan, Rule.LONG_CONTEXT)).startsWith("longContext: no");
        assertThat(step(plan, Rule.CONTEXT_WINDOW))
                .isEqualTo("contextWindow: fired (9000 tokens > 8000 (p,small): sent to longContext p,long)");
    }

    @Test
    void aPromptNoRoutedModelHoldsIsRefusedWithTheWindowItsSizeAndWhatToDo() {
        Turn turn = prompt(DEFAULT_ONLY_SMALL, 9000);

        assertThatThrownBy(() -> plan(turn))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("prompt is too long: 9000 tokens > 8000 maximum of p,small")
                .hasMessageContaining("/compact", "router model set longContext provider,model");
    }

    @Test
    void anExplicitModelIsGuardedToo() {
        Turn turn = prompt(WINDOWS, 5000);
        turn.model = "p,tiny";

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("longContext p,long");
    }

    @Test
    void aModelOfUnknownWindowIsNotGuarded() {
        Turn turn = prompt(WINDOWS, 500_000);
        turn.model = "p,mystery";

        RoutePlan plan = plan(turn);

        assertThat(plan.primary().header()).isEqualTo("explicit p,mystery");
        assertThat(step(plan, Rule.CONTEXT_WINDOW))
                .isEqualTo("contextWindow: not configured (p,mystery: window unknown)");
    }

    private static final RouterConfig DEFAULT_ONLY_SMALL = config("""
            {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
               "models": [{"name": "small", "context": 8000}]}], "Router": {"default": "p,small"}}
            """);
}
