package dev.modelrouter.config;

import java.util.Objects;
import java.util.Set;

/**
 * One of config.json's {@code ClientKeys}: a key a client of a shared router presents, with what it may
 * use. A limit of 0 means none.
 *
 * @param name how status, usage and errors call the client (never the key)
 * @param key the secret the client sends, after {@code $VAR} interpolation
 * @param models the routed models it may use, each {@code provider,model} or a bare model name; empty means all
 * @param rpm requests per minute
 * @param tpm tokens (input and output) per minute
 * @param budgetTokensPerDay tokens per UTC day
 */
public record ClientKey(String name, String key, Set<String> models, long rpm, long tpm, long budgetTokensPerDay) {

    public ClientKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        models = Set.copyOf(models);
    }

    /** Whether the key may use {@code model} of {@code provider}. */
    public boolean allows(String provider, String model) {
        return models.isEmpty() || models.contains(provider + "," + model) || models.contains(model);
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ClientKey[name=" + name + ", models=" + models + ", rpm=" + rpm + ", tpm=" + tpm
                + ", budgetTokensPerDay=" + budgetTokensPerDay + "]";
    }
}
