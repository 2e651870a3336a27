package dev.modelrouter.config;

/**
 * The one answer to "how big is this model's window": the model's entry in config.json, else what its
 * provider's models endpoint reported, else the built-in table of well-known families.
 */
public final class ModelWindows {

    private final LearnedLimits learned;
    private final BuiltInLimits builtIn;

    public ModelWindows(LearnedLimits learned, BuiltInLimits builtIn) {
        this.learned = learned;
        this.builtIn = builtIn;
    }

    /** From config.json and the built-in table only. */
    public static ModelWindows builtIn() {
        return new ModelWindows(LearnedLimits.none(), BuiltInLimits.bundled());
    }

    /** Config.json, the cache of learned limits in {@code home}, and the built-in table. */
    public static ModelWindows of(RouterHome home) {
        return new ModelWindows(LearnedLimits.of(home), BuiltInLimits.bundled());
    }

    /** Where learned limits are kept. */
    public LearnedLimits learned() {
        return learned;
    }

    /** The limits of {@code target} under {@code config}. */
    public ModelLimits of(RouterConfig config, Target target) {
        ModelLimits configured = config.provider(target.provider())
                .map(p -> p.limits(target.model()))
                .orElse(ModelLimits.UNKNOWN);
        return configured.orElse(learned.get(target.provider(), target.model()))
                .orElse(builtIn.find(target.model()));
    }
}
