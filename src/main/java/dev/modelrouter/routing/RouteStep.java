package dev.modelrouter.routing;

import org.jspecify.annotations.Nullable;

/**
 * One rule the router asked about one request, with its verdict and the numbers it decided on. The
 * records carry the numbers as typed fields (for {@code --json}); {@link #detail} says them in words.
 */
public sealed interface RouteStep {

    /** Which rule. */
    Rule rule();

    /** What it said. */
    Verdict verdict();

    /** Why, in one line a person reads. */
    String detail();

    /** The short form kept in the request log, e.g. {@code longContext: no (1200 tokens <= 60000)}. */
    default String brief() {
        return rule().key() + ": " + verdict().label() + (detail().isEmpty() ? "" : " (" + detail() + ")");
    }

    /** A rule that was not asked: not configured, or an earlier rule fired. */
    record Skipped(Rule rule, Verdict verdict) implements RouteStep {
        @Override
        public String detail() {
            return "";
        }
    }

    /**
     * The custom router script or a plugin's route rule.
     *
     * @param source the script's path or the rule's class and jar
     * @param target what it answered, {@code null} for nothing
     */
    record Custom(
            Rule rule,
            Verdict verdict,
            String source,
            @Nullable String target) implements RouteStep {
        @Override
        public String detail() {
            if (verdict == Verdict.NOT_RUN) {
                return source + " is not run by explain; the rules below decide as if it answered nothing";
            }
            return source + (target == null ? " answered nothing" : " chose " + target);
        }
    }

    /**
     * A model named by the request: its {@code model} field ({@link Rule#EXPLICIT}) or a sub-agent tag.
     *
     * @param name what the request named, {@code null} for no sub-agent tag
     */
    record Named(Rule rule, Verdict verdict, @Nullable String name) implements RouteStep {
        @Override
        public String detail() {
            if (name == null) {
                return "no sub-agent tag";
            }
            return verdict == Verdict.FIRED ? name : "model \"" + name + "\" is not provider,model";
        }
    }

    /**
     * The session's Claude Code project (or the session itself) has its own {@code Router} table.
     *
     * @param session the session id, {@code null} when the request carries none
     */
    record ProjectRoutes(Verdict verdict, @Nullable String session) implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.PROJECT_ROUTES;
        }

        @Override
        public String detail() {
            if (session == null) {
                return "no Claude Code session";
            }
            return verdict == Verdict.FIRED
                    ? "session " + session + " uses its project's Router table"
                    : "session " + session + " has no routes of its own";
        }
    }

    /**
     * The long-context rule.
     *
     * @param threshold config's {@code longContextThreshold}
     * @param textBytes the prompt's text size in bytes (an upper bound of its tokens)
     * @param tokens the counted prompt tokens, or -1 when the byte estimate decided alone
     * @param previousPrompt the session's previous prompt in tokens, or -1 when not asked
     * @param sticky whether it fired because the session's previous prompt passed the threshold
     */
    record LongContext(Verdict verdict, int threshold, long textBytes, int tokens, int previousPrompt, boolean sticky)
            implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.LONG_CONTEXT;
        }

        @Override
        public String detail() {
            String size = tokens >= 0 ? tokens + " tokens" : "~" + textBytes / 4 + " tokens (" + textBytes + " bytes)";
            String previous = previousPrompt < 0 ? "" : "; session's previous prompt " + previousPrompt + " tokens";
            if (sticky) {
                return size + " > " + ScenarioRouter.STICKY_MIN_TOKENS + previous + " > " + threshold;
            }
            return size + (verdict == Verdict.FIRED ? " > " : " <= ") + threshold + previous;
        }
    }

    /**
     * The background rule: haiku-class models and Claude Code's housekeeping calls.
     *
     * @param model the model the request named
     * @param maxTokens its {@code max_tokens}, or {@code null}
     * @param structuredOutput whether it asks for a JSON-schema answer
     * @param toolCount how many tools it declares
     */
    record Background(
            Verdict verdict, String model, @Nullable Integer maxTokens, boolean structuredOutput, int toolCount)
            implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.BACKGROUND;
        }

        @Override
        public String detail() {
            return "model " + model + ", max_tokens " + maxTokens + ", " + toolCount + " tools"
                    + (structuredOutput ? ", structured output" : "");
        }
    }

    /**
     * The think rule.
     *
     * @param budget the thinking budget, or {@code null} when thinking is not explicitly enabled
     * @param effort the requested effort, or {@code null}
     * @param minEffort config's {@code thinkMinEffort}
     */
    record Think(
            Verdict verdict,
            @Nullable Integer budget,
            @Nullable String effort,
            String minEffort) implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.THINK;
        }

        @Override
        public String detail() {
            String b = budget == null ? "no thinking budget" : "thinking budget " + budget;
            return b + ", effort " + (effort == null ? "none" : effort) + " (minimum " + minEffort + ")";
        }
    }

    /** A rule that asks one yes-or-no fact of the request: {@link Rule#WEB_SEARCH} or {@link Rule#IMAGE}. */
    record Flag(Rule rule, Verdict verdict) implements RouteStep {
        @Override
        public String detail() {
            boolean yes = verdict == Verdict.FIRED;
            return rule == Rule.WEB_SEARCH
                    ? (yes ? "" : "no ") + "web search tool"
                    : (yes ? "" : "no ") + "image in the last user message";
        }
    }

    /** The default route, taken when nothing else fired. */
    record Default(Verdict verdict) implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.DEFAULT;
        }

        @Override
        public String detail() {
            return verdict == Verdict.FIRED ? "no other rule fired" : "";
        }
    }

    /**
     * Whether the chosen model's context window holds the prompt ({@link Verdict#FIRED} when it does not).
     *
     * @param target the chosen {@code provider,model}
     * @param window its context window in tokens, 0 when unknown
     * @param textBytes the prompt's text size in bytes (an upper bound of its tokens)
     * @param tokens the counted prompt tokens, or -1 when the byte estimate decided alone
     * @param rerouted the long-context target the prompt went to instead, {@code null} when it stayed or was refused
     */
    record ContextWindow(
            Verdict verdict,
            String target,
            int window,
            long textBytes,
            int tokens,
            @Nullable String rerouted) implements RouteStep {
        @Override
        public Rule rule() {
            return Rule.CONTEXT_WINDOW;
        }

        @Override
        public String detail() {
            if (window <= 0) {
                return target + ": window unknown";
            }
            String size = tokens >= 0 ? tokens + " tokens" : "~" + textBytes / 4 + " tokens (" + textBytes + " bytes)";
            if (verdict != Verdict.FIRED) {
                return size + " <= " + window + " (" + target + ")";
            }
            return size + " > " + window + " (" + target + "): "
                    + (rerouted == null ? "refused" : "sent to longContext " + rerouted);
        }
    }
}
