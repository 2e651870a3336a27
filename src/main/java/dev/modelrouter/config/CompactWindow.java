package dev.modelrouter.config;

import dev.modelrouter.model.Scenario;
import java.util.List;
import java.util.Optional;

/**
 * The window Claude Code should compact against, from the routes: Claude Code knows only Anthropic's
 * models and assumes 1M tokens for any other name, so the router, which knows which model really
 * answers, tells it. The window is the {@code default} route's (the smallest of its fallback chain),
 * or the {@code longContext} route's when that route takes prompts above {@code longContextThreshold}
 * before the default's window is full; less a safety margin for the difference between the router's
 * token count and the provider's.
 *
 * @param window the routed models' context window in tokens
 * @param compactWindow the window Claude Code is told: {@code window} less the margin
 * @param maxOutput the smallest output limit of the routed models, 0 when unknown
 * @param basis which route and model the window comes from, for people
 */
public record CompactWindow(int window, int compactWindow, int maxOutput, String basis) {

    /** The least margin kept free, in tokens. */
    static final int MIN_MARGIN = 4096;

    /** The window for {@code config}'s routes; empty when no default target's window is known. */
    public static Optional<CompactWindow> of(RouterConfig config, ModelWindows windows) {
        return of(config.router().chain(Scenario.DEFAULT), "default ", true, config, windows);
    }

    /**
     * The window for one target Claude Code names itself ({@code --model provider,model}, or
     * {@code /model provider,model} in a session): its own window, or the {@code longContext} route's when
     * that is bigger, since the router sends a prompt that does not fit a named target there whatever the
     * threshold ({@code routing.WindowGuard}); empty when unknown.
     */
    public static Optional<CompactWindow> of(Target target, RouterConfig config, ModelWindows windows) {
        return of(List.of(target), "model ", false, config, windows);
    }

    private static Optional<CompactWindow> of(
            List<Target> mainChain, String label, boolean byThreshold, RouterConfig config, ModelWindows windows) {
        RouterSettings router = config.router();
        Smallest main = smallest(mainChain, config, windows);
        if (main.context == 0) {
            return Optional.empty();
        }
        Smallest chosen = main;
        String basis = label + main.target;
        List<Target> longChain = router.chain(Scenario.LONG_CONTEXT);
        if (!router.targets(Scenario.LONG_CONTEXT).isEmpty()
                && (!byThreshold || router.longContextThreshold() < main.context)) {
            Smallest longContext = smallest(longChain, config, windows);
            if (longContext.context > main.context) {
                chosen = longContext;
                basis = "longContext " + longContext.target + " (takes prompts "
                        + (byThreshold ? "above " + router.longContextThreshold() + " tokens, before " : "over ")
                        + label + main.target + "'s " + ModelLimits.tokens(main.context)
                        + (byThreshold ? " fill)" : ")");
            }
        }
        int maxOutput = main.maxOutput == 0 || chosen.maxOutput == 0
                ? Math.max(main.maxOutput, chosen.maxOutput)
                : Math.min(main.maxOutput, chosen.maxOutput);
        return Optional.of(
                new CompactWindow(chosen.context, chosen.context - margin(chosen.context), maxOutput, basis));
    }

    /** One sixteenth of the window, at least {@link #MIN_MARGIN}: 8000 of DeepSeek's 128000. */
    static int margin(int window) {
        return Math.min(window / 2, Math.max(MIN_MARGIN, window / 16));
    }

    /** The smallest known window (and output limit) of a chain, and the target that has it. */
    private record Smallest(int context, int maxOutput, String target) {}

    private static Smallest smallest(List<Target> chain, RouterConfig config, ModelWindows windows) {
        int context = 0;
        int maxOutput = 0;
        String target = chain.isEmpty() ? "" : chain.get(0).toString();
        for (Target t : chain) {
            ModelLimits l = windows.of(config, t);
            if (l.knowsContext() && (context == 0 || l.context() < context)) {
                context = l.context();
                target = t.toString();
            }
            if (l.maxOutput() > 0 && (maxOutput == 0 || l.maxOutput() < maxOutput)) {
                maxOutput = l.maxOutput();
            }
        }
        return new Smallest(context, maxOutput, target);
    }
}
