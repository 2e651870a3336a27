package dev.modelrouter.routing;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import java.util.List;

/**
 * The routing decision for one request: why, and the targets to try in order (the first is the
 * primary, the rest its fallbacks).
 *
 * @param scenario why the request goes there
 * @param routes the targets, never empty
 */
public record RoutePlan(Scenario scenario, List<Route> routes) {

    public RoutePlan {
        routes = List.copyOf(routes);
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a route plan needs a target");
        }
    }

    /** The first target. */
    public Route primary() {
        return routes.get(0);
    }
}
