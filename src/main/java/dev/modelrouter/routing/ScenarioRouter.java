package dev.modelrouter.routing;

import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.spi.RouteRule;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * claude-code-router's routing rules, fitted to what current Claude Code sends. Precedence: an
 * explicit {@code provider,model}, a sub-agent tag, long context, background (haiku-class models
 * and housekeeping calls), web search, think, image, default. A scenario with no target in the
 * config is skipped, so it costs nothing; the tokenizer runs only when a cheap byte-based estimate
 * cannot decide the long-context question.
 */
public final class ScenarioRouter {

    /** The least a turn of a long session must hold to stay on {@code longContext}, as in ccr. */
    static final int STICKY_MIN_TOKENS = 20_000;

    private static final IntSupplier NO_SESSION = () -> 0;

    private final ModelWindows windows;

    /** Rules that know models' windows from config.json and the built-in table. */
    public ScenarioRouter() {
        this(ModelWindows.builtIn());
    }

    /** Rules that know models' windows from {@code windows}, which may learn more while the daemon runs. */
    public ScenarioRouter(ModelWindows windows) {
        this.windows = windows;
    }

    /** Where the windows of models come from. */
    public ModelWindows windows() {
        return windows;
    }

    /** Decides where a request goes, with the config snapshot the request started with. */
    public RoutePlan route(RequestTraits traits, RouterConfig config) {
        return route(traits, config, NO_SESSION);
    }

    /**
     * Decides where a request goes; {@code lastSessionPrompt} gives the prompt tokens of its session's
     * previous turn (0 when unknown), asked only when the config has a {@code longContext} target and
     * the request is not routed before that rule.
     */
    public RoutePlan route(RequestTraits traits, RouterConfig config, IntSupplier lastSessionPrompt) {
        return route(traits, config, lastSessionPrompt, new ArrayList<>(), null);
    }

    /**
     * The built-in rules, each recorded in {@code steps} after those already there; {@code projectRoutes}
     * is recorded where the config's table starts to matter.
     */
    RoutePlan route(
            RequestTraits traits,
            RouterConfig config,
            IntSupplier lastSessionPrompt,
            List<RouteStep> steps,
            @Nullable RouteStep projectRoutes) {
        Optional<RoutePlan> explicit = explicit(traits.model(), config, Scenario.EXPLICIT);
        steps.add(new RouteStep.Named(Rule.EXPLICIT, verdict(explicit.isPresent()), traits.model()));
        if (explicit.isPresent()) {
            return finished(explicit.get(), steps);
        }
        String subagent = traits.subagentTarget();
        Optional<RoutePlan> sub = subagent == null ? Optional.empty() : explicit(subagent, config, Scenario.SUBAGENT);
        steps.add(new RouteStep.Named(Rule.SUBAGENT, verdict(sub.isPresent()), subagent));
        if (sub.isPresent()) {
            return finished(sub.get(), steps);
        }
        if (projectRoutes != null) {
            steps.add(projectRoutes);
        }
        Scenario scenario = detect(traits, config, lastSessionPrompt, steps);
        if (config.router().targets(scenario).isEmpty()) {
            scenario = Scenario.DEFAULT;
        }
        List<Target> targets = config.router().chain(scenario);
        if (targets.isEmpty()) {
            throw new RouterException(
                    ErrorKind.NOT_FOUND,
                    "no model is configured for this request: set Router.default in " + config.source()
                            + " to a \"provider,model\" pair, or name one in the request's model");
        }
        steps.add(new RouteStep.Default(scenario == Scenario.DEFAULT ? Verdict.FIRED : Verdict.NOT_REACHED));
        return finished(plan(scenario, targets, config), steps);
    }

    /** {@code plan} with its steps, and every rule not asked marked as not reached. */
    static RoutePlan finished(RoutePlan plan, List<RouteStep> steps) {
        EnumSet<Rule> asked = EnumSet.noneOf(Rule.class);
        for (RouteStep s : steps) {
            asked.add(s.rule());
        }
        List<RouteStep> all = new ArrayList<>(steps);
        for (Rule r : EnumSet.complementOf(asked)) {
            all.add(new RouteStep.Skipped(r, Verdict.NOT_REACHED));
        }
        return plan.withSteps(all);
    }

    static Verdict verdict(boolean fired) {
        return fired ? Verdict.FIRED : Verdict.NO;
    }

    private static final List<Scenario> DETECTED =
            List.of(Scenario.LONG_CONTEXT, Scenario.BACKGROUND, Scenario.WEB_SEARCH, Scenario.THINK, Scenario.IMAGE);

    private Scenario detect(
            RequestTraits t, RouterConfig config, IntSupplier lastSessionPrompt, List<RouteStep> steps) {
        Scenario fired = null;
        for (Scenario s : DETECTED) {
            Rule rule = Rule.valueOf(s.name());
            if (fired != null) {
                steps.add(new RouteStep.Skipped(rule, Verdict.NOT_REACHED));
            } else if (!has(config, s)) {
                steps.add(new RouteStep.Skipped(rule, Verdict.NOT_CONFIGURED));
            } else {
                RouteStep step = ScenarioRules.ask(s, t, config.router(), lastSessionPrompt);
                steps.add(step);
                fired = step.verdict() == Verdict.FIRED ? s : null;
            }
        }
        return fired == null ? Scenario.DEFAULT : fired;
    }

    private static boolean has(RouterConfig config, Scenario s) {
        return !config.router().targets(s).isEmpty();
    }

    /**
     * More than {@code threshold} tokens, or, as in ccr, more than {@link #STICKY_MIN_TOKENS} in a
     * session whose previous turn's prompt passed the threshold.
     */
    static boolean isLongContext(RequestTraits t, int threshold, IntSupplier lastSessionPrompt) {
        return ScenarioRules.longContext(t, threshold, lastSessionPrompt).verdict() == Verdict.FIRED;
    }

    /** Whether the prompt holds more than {@code threshold} tokens; see {@link ScenarioRules#size}. */
    static boolean exceeds(RequestTraits t, int threshold) {
        return ScenarioRules.size(t, threshold).over();
    }

    /**
     * Haiku-class models, and Claude Code's housekeeping calls that carry the main model's name: the
     * quota probe ({@code max_tokens: 1}) and session-title generation (a JSON-schema answer, no tools).
     */
    static boolean isBackground(RequestTraits t) {
        return ScenarioRules.background(t).verdict() == Verdict.FIRED;
    }

    /** Explicitly enabled thinking with a budget, or an effort at or above the configured level. */
    static boolean isThink(RequestTraits t, String minEffort) {
        return ScenarioRules.think(t, minEffort).verdict() == Verdict.FIRED;
    }

    /**
     * {@code provider,model} named by the request. A known provider with a model outside its list is
     * passed as typed (providers add models faster than configs are edited); an unknown provider is
     * an error, never a silent fall back to the default model.
     */
    private Optional<RoutePlan> explicit(String name, RouterConfig config, Scenario scenario) {
        int comma = name.indexOf(',');
        if (comma <= 0) {
            return Optional.empty();
        }
        return Optional.of(resolve(
                name.substring(0, comma).trim(), name.substring(comma + 1).trim(), name, config, scenario));
    }

    private RoutePlan resolve(String providerName, String model, String name, RouterConfig config, Scenario scenario) {
        // a sub-agent tag, a script or a plugin rule can name a target too, not only the client's model
        ModelNames.check(name, "model");
        ProviderConfig provider = config.provider(providerName).orElse(null);
        if (provider == null || model.isEmpty()) {
            throw RouterException.invalid("model \"" + name + "\": "
                    + (provider == null
                            ? "no provider named '" + providerName + "' (known: " + providerNames(config) + ")"
                            : "the model part is empty")
                    + "; write \"provider,model\" with a provider from config.json");
        }
        String listed = matchModel(provider, model);
        return plan(scenario, List.of(new Target(provider.name(), listed == null ? model : listed)), config);
    }

    /**
     * The plan for a target a custom route rule named; {@code null} when it is not {@code provider,model}.
     *
     * @throws RouterException when the provider is unknown
     */
    public @Nullable RoutePlan named(String target, Scenario scenario, RouterConfig config) {
        return explicit(target, config, scenario).orElse(null);
    }

    /**
     * The plan for a typed target a route rule chose.
     *
     * @throws RouterException when the provider is unknown or the model empty
     */
    RoutePlan named(RouteRule.Target target, RouterConfig config) {
        return resolve(target.provider(), target.model(), target.text(), config, Scenario.CUSTOM);
    }

    private static @Nullable String matchModel(ProviderConfig provider, String model) {
        for (String m : provider.models()) {
            if (m.equalsIgnoreCase(model)) {
                return m;
            }
        }
        return null;
    }

    private static String providerNames(RouterConfig config) {
        List<String> names = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            names.add(p.name());
        }
        return names.isEmpty() ? "none configured" : String.join(", ", names);
    }

    private static RoutePlan plan(Scenario scenario, List<Target> targets, RouterConfig config) {
        List<Route> routes = new ArrayList<>(targets.size());
        for (Target t : targets) {
            String provider =
                    config.provider(t.provider()).map(ProviderConfig::name).orElse(t.provider());
            routes.add(new Route(provider, t.model(), scenario));
        }
        return new RoutePlan(scenario, routes);
    }
}
