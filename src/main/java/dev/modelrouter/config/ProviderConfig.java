package dev.modelrouter.config;

import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code Providers}.
 *
 * @param name the provider's name, unique ignoring case
 * @param apiBaseUrl the full endpoint URL, e.g. {@code https://api.deepseek.com/chat/completions}
 * @param apiKeys the key pool, in config order; empty when the provider takes no key
 * @param models the models the provider serves, in config order
 * @param protocol the wire protocol the endpoint speaks
 * @param auth how the key is sent
 * @param transformer the provider's {@code transformer} object ({@code {"use": [...], "<model>": {...}}}),
 *     an empty object when absent
 * @param resilience timeouts, retries, circuit breaking and concurrency for this provider
 * @param limits the context window and output limit a model entry states
 *     ({@code {"name": "m", "context": 128000, "max_output": 8192}}), by model name; models given as plain
 *     names are not in it
 */
public record ProviderConfig(
        String name,
        URI apiBaseUrl,
        List<String> apiKeys,
        List<String> models,
        WireProtocol protocol,
        AuthStyle auth,
        JsonNode transformer,
        Resilience resilience,
        Map<String, ModelLimits> limits) {

    public ProviderConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        apiKeys = List.copyOf(apiKeys);
        models = List.copyOf(models);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(auth, "auth");
        transformer = transformer.deepCopy();
        Objects.requireNonNull(resilience, "resilience");
        limits = Map.copyOf(limits);
    }

    /** The limits config.json states for {@code model}, {@link ModelLimits#UNKNOWN} when none. */
    public ModelLimits limits(String model) {
        ModelLimits l = limits.get(model);
        return l == null ? ModelLimits.UNKNOWN : l;
    }

    /** A copy of the transformer object; the snapshot itself is never handed out for mutation. */
    @Override
    public JsonNode transformer() {
        return transformer.deepCopy();
    }

    /**
     * Whether the transformer object has a section of {@code model}'s own; asked on every request, so
     * nothing is copied.
     */
    public boolean hasTransformerSection(String model) {
        return transformer.has(model);
    }

    /**
     * The first entry of {@code transformer.use} whose name starts with {@code prefix} (ignoring case), as
     * written: a name or a {@code [name, options]} pair. A copy, as {@link #transformer()}.
     */
    public Optional<JsonNode> useEntry(String prefix) {
        JsonNode entry = firstUse(prefix);
        return entry == null ? Optional.empty() : Optional.of(entry.deepCopy());
    }

    /**
     * The name of the first entry of {@code transformer.use} whose name starts with {@code prefix}
     * (ignoring case), trimmed; asked on every request, so nothing is copied.
     */
    public Optional<String> useName(String prefix) {
        JsonNode entry = firstUse(prefix);
        return entry == null ? Optional.empty() : Optional.of(useName(entry).trim());
    }

    private JsonNode firstUse(String prefix) {
        for (JsonNode entry : transformer.path("use")) {
            String name = useName(entry);
            if (name != null) {
                String trimmed = name.trim();
                if (trimmed.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return entry;
                }
            }
        }
        return null;
    }

    private static String useName(JsonNode entry) {
        JsonNode name = entry.isArray() && !entry.isEmpty() ? entry.get(0) : entry;
        return name.isString() ? name.stringValue() : null;
    }

    /** {@link #apiBaseUrl()} with any user-info and {@code key=} query value replaced by {@code ***}. */
    public String redactedBaseUrl() {
        return Redactor.redactString(apiBaseUrl.toString());
    }

    /** Whether at least one API key is configured. */
    public boolean hasKey() {
        return !apiKeys.isEmpty();
    }

    /** Whether {@code model} is one of {@link #models()}, compared exactly. */
    public boolean hasModel(String model) {
        return models.contains(model);
    }

    /** Never prints the keys, only how many there are. */
    @Override
    public String toString() {
        return "ProviderConfig[name=" + name + ", apiBaseUrl=" + Redactor.redactString(apiBaseUrl.toString())
                + ", apiKeys=" + apiKeys.size() + " key(s), models=" + models + ", protocol=" + protocol
                + ", auth=" + auth + "]";
    }
}
