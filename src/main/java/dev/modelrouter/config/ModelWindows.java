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
        return configured.orElse(learned.get(target.provider(), target.model())).orElse(builtIn.find(target.model()));
    }

    /**
     * The limits of a model known only by name, as a response or transcript names it: {@code provider,model},
     * else the first provider that lists it, else what any provider reported, else the built-in table.
     */
    public ModelLimits ofModel(RouterConfig config, String model) {
        Target named = Target.parse(model).orElse(null);
        if (named != null && config.provider(named.provider()).isPresent()) {
            return of(config, named);
        }
        for (ProviderConfig p : config.providers()) {
            if (p.hasModel(model)) {
                return of(config, new Target(p.name(), model));
            }
        }
        return ofName(model);
    }

    /** The limits of a model no provider of the config lists: what any provider reported, else the built-in table. */
    public ModelLimits ofName(String model) {
        return learned.find(model).orElse(builtIn.find(model));
    }
}
