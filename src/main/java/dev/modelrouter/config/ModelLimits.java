package dev.modelrouter.config;

import java.util.Locale;

/**
 * What a model can take and give: its context window and its output limit, in tokens, and where the
 * numbers came from. A number not known is 0.
 *
 * @param context the context window (prompt and answer together), 0 when unknown
 * @param maxOutput the most tokens one answer may hold, 0 when unknown
 * @param source where the numbers came from
 */
public record ModelLimits(int context, int maxOutput, Source source) {

    /** Nothing known. */
    public static final ModelLimits UNKNOWN = new ModelLimits(0, 0, Source.UNKNOWN);

    /** Where a model's limits came from, strongest first. */
    public enum Source {
        /** The model's entry in config.json. */
        CONFIG,
        /** The provider's models endpoint, learned at start. */
        PROVIDER,
        /** The router's built-in table of well-known families. */
        BUILT_IN,
        /** Nowhere. */
        UNKNOWN;

        /** The name shown in status: {@code config}, {@code provider}, {@code built-in}, {@code unknown}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public ModelLimits {
        context = Math.max(0, context);
        maxOutput = Math.max(0, maxOutput);
    }

    /** Whether the context window is known. */
    public boolean knowsContext() {
        return context > 0;
    }

    /** These limits with each unknown number taken from {@code weaker}. */
    public ModelLimits orElse(ModelLimits weaker) {
        if (context > 0 && maxOutput > 0) {
            return this;
        }
        if (context == 0 && maxOutput == 0) {
            return weaker;
        }
        return new ModelLimits(
                context > 0 ? context : weaker.context,
                maxOutput > 0 ? maxOutput : weaker.maxOutput,
                context > 0 ? source : weaker.source);
    }

    /** {@code 128k} for 128000, {@code 1M} for 1000000, {@code 1.05M} for 1048576, {@code ?} when unknown. */
    public static String tokens(int n) {
        if (n <= 0) {
            return "?";
        }
        if (n >= 1_000_000) {
            String m = String.format(Locale.ROOT, "%.2f", n / 1_000_000.0).replaceAll("\\.?0+$", "");
            return m + "M";
        }
        return n >= 1000 ? Math.round(n / 1000.0) + "k" : Integer.toString(n);
    }
}
