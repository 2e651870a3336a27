package dev.modelrouter.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One backend model, written {@code provider,model} in config.json.
 *
 * @param provider the provider's name
 * @param model the model name at that provider
 */
public record Target(String provider, String model) {

    public Target {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    /**
     * Parses {@code provider,model}. Spaces around either part are trimmed; the model is everything
     * after the first comma. Empty when either part is missing.
     */
    public static Optional<Target> parse(String text) {
        int comma = text.indexOf(',');
        if (comma < 0) {
            return Optional.empty();
        }
        String provider = text.substring(0, comma).trim();
        String model = text.substring(comma + 1).trim();
        if (provider.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Target(provider, model));
    }

    @Override
    public String toString() {
        return provider + "," + model;
    }
}
