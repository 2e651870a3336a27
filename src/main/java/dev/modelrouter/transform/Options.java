package dev.modelrouter.transform;

import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads a transformer's options object, with messages that name the transformer and the option. */
final class Options {

    private final String transformer;
    private final JsonNode options;

    private Options(String transformer, JsonNode options) {
        this.transformer = transformer;
        this.options = options;
    }

    /** Options of {@code transformer}; only {@code allowed} keys are accepted, so typos do not pass silently. */
    static Options of(String transformer, JsonNode options, String... allowed) {
        if (!options.isObject()) {
            throw new IllegalArgumentException(transformer + ": options must be an object, got " + options);
        }
        Set<String> known = Set.of(allowed);
        Set<String> unknown = new TreeSet<>();
        options.propertyNames().forEach(key -> {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(transformer + ": unknown option(s) " + unknown
                    + (known.isEmpty() ? "; it takes none" : "; known: " + new TreeSet<>(known)));
        }
        return new Options(transformer, options);
    }

    /** Options of {@code transformer} that it merges into the body, so any key is accepted. */
    static Options anyKeys(String transformer, JsonNode options) {
        if (!options.isObject()) {
            throw new IllegalArgumentException(transformer + ": options must be an object, got " + options);
        }
        return new Options(transformer, options);
    }

    /** Checks that the option at a dotted {@code path} is an object, when present; returns {@code this}. */
    Options object(String path) {
        JsonNode value = at(path);
        if (value != null && !value.isObject()) {
            throw invalid(path, "an object", value);
        }
        return this;
    }

    /** Checks that the option at a dotted {@code path} is an array of strings, when present; returns {@code this}. */
    Options strings(String path) {
        JsonNode value = at(path);
        if (value == null) {
            return this;
        }
        boolean valid = value.isArray();
        for (JsonNode element : value) {
            valid &= element.isString();
        }
        if (!valid) {
            throw invalid(path, "an array of strings", value);
        }
        return this;
    }

    private @Nullable JsonNode at(String path) {
        JsonNode node = options;
        for (String key : path.split("\\.")) {
            node = node.path(key);
        }
        return node.isMissingNode() || node.isNull() ? null : node;
    }

    @Nullable
    Integer positiveInt(String key) {
        JsonNode value = options.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() <= 0) {
            throw invalid(key, "a positive integer", value);
        }
        return value.intValue();
    }

    int requiredPositiveInt(String key) {
        Integer value = positiveInt(key);
        if (value == null) {
            throw new IllegalArgumentException(transformer + ": option '" + key + "' is required");
        }
        return value;
    }

    @Nullable
    Double number(String key) {
        JsonNode value = options.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(key, "a number", value);
        }
        return value.doubleValue();
    }

    @Nullable
    Integer nonNegativeInt(String key) {
        JsonNode value = options.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            throw invalid(key, "a non-negative integer", value);
        }
        return value.intValue();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = options.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(key, "true or false", value);
        }
        return value.booleanValue();
    }

    private IllegalArgumentException invalid(String key, String expected, JsonNode value) {
        return new IllegalArgumentException(
                transformer + ": option '" + key + "' must be " + expected + ", got " + value);
    }
}
