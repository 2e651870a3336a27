package dev.modelrouter.routing;

import dev.modelrouter.config.RouterSettings;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.Scenario;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/** The built-in scenario rules, each answering with its verdict and the numbers it used. */
final class ScenarioRules {

    private static final List<String> EFFORTS = List.of("minimal", "low", "medium", "high", "xhigh", "max");

    private ScenarioRules() {}

    /**
     * Whether the prompt holds more than a threshold, and the token count when one was taken.
     *
     * @param tokens the counted tokens, or -1 when the byte estimate decided
     */
    record Size(boolean over, int tokens) {}

    static RouteStep ask(Scenario s, RequestTraits t, RouterSettings router, IntSupplier lastSessionPrompt) {
        if (s == Scenario.LONG_CONTEXT) {
            return longContext(t, router.longContextThreshold(), lastSessionPrompt);
        } else if (s == Scenario.BACKGROUND) {
            return background(t);
        } else if (s == Scenario.WEB_SEARCH) {
            return new RouteStep.Flag(Rule.WEB_SEARCH, ScenarioRouter.verdict(t.webSearch()));
        } else if (s == Scenario.THINK) {
            return think(t, router.thinkMinEffort());
        } else if (s == Scenario.IMAGE) {
            return new RouteStep.Flag(Rule.IMAGE, ScenarioRouter.verdict(t.lastUserImage()));
        }
        throw new IllegalStateException("no rule detects " + s);
    }

    /**
     * More than {@code threshold} tokens, or, as in ccr, more than {@link ScenarioRouter#STICKY_MIN_TOKENS}
     * in a session whose previous turn's prompt passed the threshold.
     */
    static RouteStep.LongContext longContext(RequestTraits t, int threshold, IntSupplier lastSessionPrompt) {
        Size size = size(t, threshold);
        if (size.over() || threshold <= ScenarioRouter.STICKY_MIN_TOKENS) {
            return new RouteStep.LongContext(
                    ScenarioRouter.verdict(size.over()), threshold, t.textBytes(), size.tokens(), -1, false);
        }
        int previous = lastSessionPrompt.getAsInt();
        if (previous <= threshold) {
            return new RouteStep.LongContext(Verdict.NO, threshold, t.textBytes(), size.tokens(), previous, false);
        }
        Size sticky = size(t, ScenarioRouter.STICKY_MIN_TOKENS);
        int tokens = sticky.tokens() >= 0 ? sticky.tokens() : size.tokens();
        return new RouteStep.LongContext(
                ScenarioRouter.verdict(sticky.over()), threshold, t.textBytes(), tokens, previous, sticky.over());
    }

    /**
     * Text bytes bound the token count from above (a cl100k token is at least one byte) and prose and
     * code run at about four bytes a token, so only a prompt within a factor of two of the threshold
     * by that estimate is tokenized.
     */
    static Size size(RequestTraits t, int threshold) {
        if (t.textBytes() <= threshold) {
            return new Size(false, -1);
        }
        long estimate = t.textBytes() / 4;
        if (estimate < threshold / 2) {
            return new Size(false, -1);
        }
        if (estimate > 2L * threshold) {
            return new Size(true, -1);
        }
        int tokens = t.tokens().getAsInt();
        return new Size(tokens > threshold, tokens);
    }

    /**
     * Haiku-class models, and Claude Code's housekeeping calls that carry the main model's name: the
     * quota probe ({@code max_tokens: 1}) and session-title generation (a JSON-schema answer, no tools).
     */
    static RouteStep.Background background(RequestTraits t) {
        String m = t.model().toLowerCase(Locale.ROOT);
        Integer max = t.maxTokens();
        boolean fired = (m.contains("claude") && m.contains("haiku"))
                || (max != null && max == 1)
                || (t.structuredOutput() && t.toolCount() == 0);
        return new RouteStep.Background(
                ScenarioRouter.verdict(fired), t.model(), max, t.structuredOutput(), t.toolCount());
    }

    /** Explicitly enabled thinking with a budget, or an effort at or above the configured level. */
    static RouteStep.Think think(RequestTraits t, String minEffort) {
        String effort = t.effort();
        boolean fired = t.thinkingBudget() != null;
        if (!fired && effort != null) {
            int have = EFFORTS.indexOf(effort.toLowerCase(Locale.ROOT));
            int need = EFFORTS.indexOf(minEffort.toLowerCase(Locale.ROOT));
            fired = have >= 0 && need >= 0 && have >= need;
        }
        return new RouteStep.Think(ScenarioRouter.verdict(fired), t.thinkingBudget(), effort, minEffort);
    }
}
