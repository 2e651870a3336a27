package dev.modelrouter.routing;

import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The last routing step: a prompt bigger than the chosen model's context window is never sent to it
 * blind. It goes to {@code longContext} when that model holds it, else it is refused before any upstream
 * call with a message that says the window, the prompt's size and what to do. Claude Code only learns a
 * custom model's window from us, so without this it would find out from the provider's error, after the
 * provider has been paid for reading the prompt (or worse, after a provider silently cut the prompt).
 */
final class WindowGuard {

    private final ModelWindows windows;

    WindowGuard(ModelWindows windows) {
        this.windows = windows;
    }

    /**
     * {@code plan} with this step recorded (in place of the "not reached" mark the rules left), rerouted
     * to long context when the prompt does not fit.
     *
     * @throws RouterException when the prompt fits neither the chosen model nor a long-context one
     */
    RoutePlan check(RoutePlan plan, RequestTraits traits, RouterConfig config) {
        Route primary = plan.primary();
        ModelLimits limits = windows.of(config, new Target(primary.provider(), primary.model()));
        int window = limits.context();
        if (window <= 0) {
            return recorded(
                    plan,
                    new RouteStep.ContextWindow(
                            Verdict.NOT_CONFIGURED, primary.target(), 0, traits.textBytes(), -1, null));
        }
        ScenarioRules.Size size = ScenarioRules.size(traits, window);
        if (!size.over()) {
            return recorded(
                    withoutSmaller(plan, config, traits, size.tokens()),
                    new RouteStep.ContextWindow(
                            Verdict.NO, primary.target(), window, traits.textBytes(), size.tokens(), null));
        }
        int tokens = size.tokens() >= 0 ? size.tokens() : traits.tokens().getAsInt();
        if (tokens <= window) {
            // the byte estimate said over, the count says it fits
            return recorded(
                    plan,
                    new RouteStep.ContextWindow(
                            Verdict.NO, primary.target(), window, traits.textBytes(), tokens, null));
        }
        List<Route> longContext = plan.scenario() == Scenario.LONG_CONTEXT
                ? List.of()
                : fitting(config.router().chain(Scenario.LONG_CONTEXT), config, tokens);
        if (longContext.isEmpty()) {
            throw tooLong(primary, window, tokens, config);
        }
        RoutePlan rerouted = new RoutePlan(Scenario.LONG_CONTEXT, longContext, plan.steps());
        return recorded(
                rerouted,
                new RouteStep.ContextWindow(
                        Verdict.FIRED,
                        primary.target(),
                        window,
                        traits.textBytes(),
                        tokens,
                        longContext.get(0).target()));
    }

    /** The targets that hold {@code tokens}, or whose window is not known, as routes. */
    private List<Route> fitting(List<Target> targets, RouterConfig config, int tokens) {
        List<Route> out = new ArrayList<>();
        for (Target t : targets) {
            ModelLimits l = windows.of(config, t);
            if (!l.knowsContext() || l.context() >= tokens) {
                String provider =
                        config.provider(t.provider()).map(p -> p.name()).orElse(t.provider());
                out.add(new Route(provider, t.model(), Scenario.LONG_CONTEXT));
            }
        }
        return out;
    }

    /** The plan without fallback targets known to be too small for a prompt the primary holds. */
    private RoutePlan withoutSmaller(RoutePlan plan, RouterConfig config, RequestTraits traits, int counted) {
        if (plan.routes().size() < 2) {
            return plan;
        }
        List<Route> kept = new ArrayList<>();
        kept.add(plan.primary());
        for (Route r : plan.routes().subList(1, plan.routes().size())) {
            ModelLimits l = windows.of(config, new Target(r.provider(), r.model()));
            if (!l.knowsContext() || !ScenarioRules.size(traits, l.context()).over()) {
                kept.add(r);
            }
        }
        return kept.size() == plan.routes().size() ? plan : new RoutePlan(plan.scenario(), kept, plan.steps());
    }

    private static RoutePlan recorded(RoutePlan plan, RouteStep step) {
        List<RouteStep> steps = new ArrayList<>();
        for (RouteStep s : plan.steps()) {
            if (s.rule() != Rule.CONTEXT_WINDOW) {
                steps.add(s);
            }
        }
        steps.add(step);
        return plan.withSteps(steps);
    }

    /**
     * Anthropic's own wording starts the message ("prompt is too long: N tokens > M maximum"), which is
     * what Claude Code recognises as an over-full context.
     */
    private static RouterException tooLong(Route route, int window, int tokens, RouterConfig config) {
        boolean hasLongContext = !config.router().targets(Scenario.LONG_CONTEXT).isEmpty();
        String remedy = hasLongContext
                ? "or point longContext at a model whose window holds it (its models here are smaller):"
                        + " router model set longContext provider,model"
                : "or route long prompts to a model with a bigger window: router model set longContext provider,model";
        return new RouterException(
                ErrorKind.INVALID_REQUEST,
                "prompt is too long: " + tokens + " tokens > " + window
                        + " maximum of " + route.target() + " (its context window, " + ModelLimits.tokens(window)
                        + "); the router did not send it. Run /compact in Claude Code (or start a new session), "
                        + remedy + " (Router.longContextThreshold decides which prompts go there)");
    }
}
