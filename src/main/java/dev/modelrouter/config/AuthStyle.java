package dev.modelrouter.config;

import java.util.Locale;
import java.util.Optional;

/** How a provider expects its API key. */
public enum AuthStyle {
    /** {@code x-api-key: KEY} (Anthropic). */
    X_API_KEY("x-api-key"),
    /** {@code Authorization: Bearer KEY} (OpenAI and most others). */
    BEARER("bearer"),
    /** {@code x-goog-api-key: KEY} (Gemini). */
    GOOG_API_KEY("x-goog-api-key");

    private final String key;

    AuthStyle(String key) {
        this.key = key;
    }

    /** The name used by the provider's {@code "auth"} key in config.json. */
    public String key() {
        return key;
    }

    /** The style whose config name is {@code key}, ignoring case; {@code goog-api-key} is accepted too. */
    public static Optional<AuthStyle> fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.equals("goog-api-key")) {
            return Optional.of(GOOG_API_KEY);
        }
        for (AuthStyle a : values()) {
            if (a.key.equals(k)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
