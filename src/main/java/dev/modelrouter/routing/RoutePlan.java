package dev.modelrouter.routing;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing decision for one request: why, the targets to try in order (the first is the primary,
 * the rest its fallbacks), and every rule asked on the way.
 *
 * @param scenario why the request goes there
 * @param routes the targets, never empty
 * @param steps the rules in the order the router asked them, with their verdicts
 */
public record RoutePlan(Scenario scenario, List<Route> routes, List<RouteStep> steps) {

    public RoutePlan {
        routes = List.copyOf(routes);
        steps = List.copyOf(steps);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a route plan needs a target");
        }
    }

    /** A plan that records no steps. */
    public RoutePlan(Scenario scenario, List<Route> routes) {
        this(scenario, routes, List.of());
    }

    /** The first target. */
    public Route primary() {
        return routes.get(0);
    }

    /** This plan, having taken {@code taken}. */
    RoutePlan withSteps(List<RouteStep> taken) {
        return new RoutePlan(scenario, routes, taken);
    }

    /**
     * The short form for the request log: the rules that were asked, each with its verdict and key
     * number (rules not configured or not reached are left out).
     */
    public List<String> brief() {
        List<String> out = new ArrayList<>();
        for (RouteStep s : steps) {
            if (s.verdict() == Verdict.FIRED || s.verdict() == Verdict.NO) {
                out.add(s.brief());
            }
        }
        return out;
    }
}
