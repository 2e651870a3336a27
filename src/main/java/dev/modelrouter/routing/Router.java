package dev.modelrouter.routing;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.spi.RouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of the routing decision. Rules in order: the custom router script, the plugins'
 * route rules, an explicit {@code provider,model}, a sub-agent tag, the session's project routes,
 * long context (and session stickiness), background, web search, think, image, default. Every rule
 * asked is recorded in the plan with its verdict and numbers, so {@code router explain} can show it.
 * Synchronous and without I/O: the script's answer and the project routes come in with the query.
 */
public final class Router {

    private final ScenarioRouter scenarios;
    private final List<RouteRule> rules;
    private final WindowGuard window;

    public Router(ScenarioRouter scenarios, List<RouteRule> rules) {
        this.scenarios = scenarios;
        this.rules = List.copyOf(rules);
        this.window = new WindowGuard(scenarios.windows());
    }

    /**
     * Decides where a request goes.
     *
     * @throws RouterException when the request or a custom rule names an unknown provider, the
     *     config has no default route, or the prompt fits neither the chosen model's window nor a
     *     long-context model's
     */
    public RoutePlan plan(RouteQuery query) {
        List<RouteStep> steps = new ArrayList<>();
        RoutePlan custom = custom(query, steps);
        if (custom != null) {
            return window.check(ScenarioRouter.finished(custom, steps), query.traits(), query.config());
        }
        RouteQuery.Session session = query.session();
        RouteStep projectRoutes =
                new RouteStep.ProjectRoutes(ScenarioRouter.verdict(session.ownRoutes()), session.id());
        return window.check(
                scenarios.route(query.traits(), query.config(), session.lastPrompt(), steps, projectRoutes),
                query.traits(),
                query.config());
    }

    /** The script's choice, else the first route rule's, or {@code null} to let the built-in rules decide. */
    public @Nullable RoutePlan custom(RouteQuery query) {
        List<RouteStep> steps = new ArrayList<>();
        RoutePlan custom = custom(query, steps);
        return custom == null
                ? null
                : window.check(ScenarioRouter.finished(custom, steps), query.traits(), query.config());
    }

    private @Nullable RoutePlan custom(RouteQuery query, List<RouteStep> steps) {
        RoutePlan scripted = scripted(query, steps);
        if (scripted != null) {
            return scripted;
        }
        if (rules.isEmpty()) {
            steps.add(new RouteStep.Skipped(Rule.ROUTE_RULE, Verdict.NOT_CONFIGURED));
            return null;
        }
        ChatRequest decoded = query.request().get();
        RouteRule.RouteContext context = new RouteRule.RouteContext(
                query.tokenCount().getAsInt(),
                Optional.ofNullable(query.session().id()),
                query.clientProtocol().key());
        for (RouteRule rule : rules) {
            RouteRule.Target target = rule.target(decoded, context).orElse(null);
            RoutePlan plan = target == null ? null : scenarios.named(target, query.config());
            steps.add(new RouteStep.Custom(
                    Rule.ROUTE_RULE,
                    ScenarioRouter.verdict(plan != null),
                    String.valueOf(rule),
                    target == null ? null : target.text()));
            if (plan != null) {
                return plan;
            }
        }
        return null;
    }

    /**
     * The script's choice. A script naming a provider or model config.json does not have fails the
     * request with that message, as in ccr, where the request then reaches no provider.
     */
    private @Nullable RoutePlan scripted(RouteQuery query, List<RouteStep> steps) {
        if (query.script() instanceof ScriptAnswer.NotRun notRun) {
            steps.add(new RouteStep.Custom(Rule.CUSTOM_ROUTER, Verdict.NOT_RUN, notRun.path(), null));
            return null;
        }
        if (!(query.script() instanceof ScriptAnswer.Answered answer)) {
            steps.add(new RouteStep.Skipped(Rule.CUSTOM_ROUTER, Verdict.NOT_CONFIGURED));
            return null;
        }
        RoutePlan plan = null;
        if (answer.target() != null) {
            plan = named(answer.target(), query.config());
        }
        steps.add(new RouteStep.Custom(
                Rule.CUSTOM_ROUTER, ScenarioRouter.verdict(plan != null), answer.path(), answer.target()));
        return plan;
    }

    private @Nullable RoutePlan named(String target, RouterConfig config) {
        try {
            return scenarios.named(target, Scenario.CUSTOM, config);
        } catch (RouterException e) {
            // as an explicit `provider,model` would be: the script's bug is the client's error to see
            throw new RouterException(
                    e.kind(), e.status(), "the custom router (CUSTOM_ROUTER_PATH) chose " + e.getMessage(), null, e);
        }
    }
}
