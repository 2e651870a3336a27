package dev.modelrouter.routing;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    private static final List<String> EFFORTS = List.of("minimal", "low", "medium", "high", "xhigh", "max");

    /** The least a turn of a long session must hold to stay on {@code longContext}, as in ccr. */
    static final int STICKY_MIN_TOKENS = 20_000;

    private static final IntSupplier NO_SESSION = () -> 0;

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
        Optional<RoutePlan> explicit = explicit(traits.model(), config, Scenario.EXPLICIT);
        if (explicit.isPresent()) {
            return explicit.get();
        }
        if (traits.subagentTarget() != null) {
            Optional<RoutePlan> sub = explicit(traits.subagentTarget(), config, Scenario.SUBAGENT);
            if (sub.isPresent()) {
                return sub.get();
            }
        }
        Scenario scenario = detect(traits, config, lastSessionPrompt);
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
        return plan(scenario, targets, config);
    }

    private Scenario detect(RequestTraits t, RouterConfig config, IntSupplier lastSessionPrompt) {
        if (has(config, Scenario.LONG_CONTEXT)
                && isLongContext(t, config.router().longContextThreshold(), lastSessionPrompt)) {
            return Scenario.LONG_CONTEXT;
        }
        if (has(config, Scenario.BACKGROUND) && isBackground(t)) {
            return Scenario.BACKGROUND;
        }
        if (has(config, Scenario.WEB_SEARCH) && t.webSearch()) {
            return Scenario.WEB_SEARCH;
        }
        if (has(config, Scenario.THINK) && isThink(t, config.router().thinkMinEffort())) {
            return Scenario.THINK;
        }
        if (has(config, Scenario.IMAGE) && t.lastUserImage()) {
            return Scenario.IMAGE;
        }
        return Scenario.DEFAULT;
    }

    private static boolean has(RouterConfig config, Scenario s) {
        return !config.router().targets(s).isEmpty();
    }

    /**
     * More than {@code threshold} tokens, or, as in ccr, more than {@link #STICKY_MIN_TOKENS} in a
     * session whose previous turn's prompt passed the threshold.
     */
    static boolean isLongContext(RequestTraits t, int threshold, IntSupplier lastSessionPrompt) {
        if (exceeds(t, threshold)) {
            return true;
        }
        return threshold > STICKY_MIN_TOKENS && lastSessionPrompt.getAsInt() > threshold
                && exceeds(t, STICKY_MIN_TOKENS);
    }

    /**
     * Text bytes bound the token count from above (a cl100k token is at least one byte) and prose and
     * code run at about four bytes a token, so only a prompt within a factor of two of the threshold
     * by that estimate is tokenized.
     */
    static boolean exceeds(RequestTraits t, int threshold) {
        if (t.textBytes() <= threshold) {
            return false;
        }
        long estimate = t.textBytes() / 4;
        if (estimate < threshold / 2) {
            return false;
        }
        if (estimate > 2L * threshold) {
            return true;
        }
        return t.tokens().getAsInt() > threshold;
    }

    /**
     * Haiku-class models, and Claude Code's housekeeping calls that carry the main model's name: the
     * quota probe ({@code max_tokens: 1}) and session-title generation (a JSON-schema answer, no tools).
     */
    static boolean isBackground(RequestTraits t) {
        String m = t.model().toLowerCase(Locale.ROOT);
        if (m.contains("claude") && m.contains("haiku")) {
            return true;
        }
        Integer max = t.maxTokens();
        if (max != null && max == 1) {
            return true;
        }
        return t.structuredOutput() && t.toolCount() == 0;
    }

    /** Explicitly enabled thinking with a budget, or an effort at or above the configured level. */
    static boolean isThink(RequestTraits t, String minEffort) {
        if (t.thinkingBudget() != null) {
            return true;
        }
        String effort = t.effort();
        if (effort == null) {
            return false;
        }
        int have = EFFORTS.indexOf(effort.toLowerCase(Locale.ROOT));
        int need = EFFORTS.indexOf(minEffort.toLowerCase(Locale.ROOT));
        return have >= 0 && need >= 0 && have >= need;
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
        // a sub-agent tag, a script or a plugin rule can name a target too, not only the client's model
        ModelNames.check(name, "model");
        String providerName = name.substring(0, comma).trim();
        String model = name.substring(comma + 1).trim();
        ProviderConfig provider = config.provider(providerName).orElse(null);
        if (provider == null || model.isEmpty()) {
            throw RouterException.invalid("model \"" + name + "\": "
                    + (provider == null
                            ? "no provider named '" + providerName + "' (known: " + providerNames(config) + ")"
                            : "the model part is empty")
                    + "; write \"provider,model\" with a provider from config.json");
        }
        String listed = matchModel(provider, model);
        return Optional.of(plan(
                scenario, List.of(new Target(provider.name(), listed == null ? model : listed)), config));
    }

    /**
     * The plan for a target a custom route rule named; {@code null} when it is not {@code provider,model}.
     *
     * @throws RouterException when the provider is unknown
     */
    public @Nullable RoutePlan named(String target, Scenario scenario, RouterConfig config) {
        return explicit(target, config, scenario).orElse(null);
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
            String provider = config.provider(t.provider()).map(ProviderConfig::name).orElse(t.provider());
            routes.add(new Route(provider, t.model(), scenario));
        }
        return new RoutePlan(scenario, routes);
    }
}
