package dev.modelrouter.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a request went where it went. The first six are the {@code Router} keys of config.json; the
 * others name decisions the request itself made.
 */
public enum Scenario {
    /** Everything else. */
    DEFAULT("default"),
    /** Cheap housekeeping calls: haiku-class models, quota probes, title generation. */
    BACKGROUND("background"),
    /** Explicitly requested deep reasoning. */
    THINK("think"),
    /** A prompt above the long-context threshold. */
    LONG_CONTEXT("longContext"),
    /** A request that carries a web search tool. */
    WEB_SEARCH("webSearch"),
    /** The last user message carries an image. */
    IMAGE("image"),
    /** The request named {@code provider,model} itself. */
    EXPLICIT("explicit"),
    /** A sub-agent tag in the system prompt named the model. */
    SUBAGENT("subagent"),
    /** A custom route rule (plugin) chose the model. */
    CUSTOM("custom");

    private final String key;

    Scenario(String key) {
        this.key = key;
    }

    /** The name used in config.json and in the {@code x-router-route} header. */
    public String key() {
        return key;
    }

    /** Whether config.json's {@code Router} section can map this scenario to a model. */
    public boolean configurable() {
        return ordinal() <= IMAGE.ordinal();
    }

    /** The scenario whose config key is {@code key}, compared case-insensitively. */
    public static Optional<Scenario> fromKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (Scenario s : values()) {
            if (s.key.toLowerCase(Locale.ROOT).equals(k)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
