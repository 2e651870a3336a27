package dev.modelrouter.config;

import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Router} section plus ccr's top-level {@code fallback} section.
 *
 * @param routes scenario to its targets, in order (a list is our fallback chain; ccr allows one)
 * @param longContextThreshold token count above which a prompt is routed to {@code longContext}
 * @param thinkMinEffort the least reasoning effort that counts as "thinking" (low, medium, high,
 *     xhigh, max)
 * @param fallback ccr 2.0's {@code fallback} section: targets tried after a scenario's own ones fail
 */
public record RouterSettings(
        Map<Scenario, List<Target>> routes,
        int longContextThreshold,
        String thinkMinEffort,
        Map<Scenario, List<Target>> fallback) {

    /** Default of {@code Router.longContextThreshold}, as in ccr. */
    public static final int DEFAULT_LONG_CONTEXT_THRESHOLD = 60_000;

    /** Default of {@code Router.thinkMinEffort}. */
    public static final String DEFAULT_THINK_MIN_EFFORT = "xhigh";

    /** The accepted values of {@code Router.thinkMinEffort}, weakest first. */
    public static final List<String> EFFORTS = List.of("low", "medium", "high", "xhigh", "max");

    public RouterSettings {
        routes = freeze(routes);
        fallback = freeze(fallback);
        Objects.requireNonNull(thinkMinEffort, "thinkMinEffort");
    }

    /** Settings with no routes and every default. */
    public static RouterSettings empty() {
        return new RouterSettings(Map.of(), DEFAULT_LONG_CONTEXT_THRESHOLD, DEFAULT_THINK_MIN_EFFORT, Map.of());
    }

    /** The targets configured for {@code scenario}, empty when none. */
    public List<Target> targets(Scenario scenario) {
        return routes.getOrDefault(scenario, List.of());
    }

    /** The {@code fallback} targets for {@code scenario}, empty when none. */
    public List<Target> fallbackTargets(Scenario scenario) {
        return fallback.getOrDefault(scenario, List.of());
    }

    /** The scenario's targets followed by its fallback targets, each once. */
    public List<Target> chain(Scenario scenario) {
        LinkedHashSet<Target> all = new LinkedHashSet<>(targets(scenario));
        all.addAll(fallbackTargets(scenario));
        return List.copyOf(all);
    }

    private static Map<Scenario, List<Target>> freeze(Map<Scenario, List<Target>> map) {
        EnumMap<Scenario, List<Target>> copy = new EnumMap<>(Scenario.class);
        map.forEach((k, v) -> copy.put(k, List.copyOf(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }
}
