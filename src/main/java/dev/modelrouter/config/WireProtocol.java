package dev.modelrouter.config;

import java.util.Locale;
import java.util.Optional;

/** The wire protocol a provider's endpoint speaks. */
public enum WireProtocol {
    /** Anthropic Messages ({@code /v1/messages}). */
    ANTHROPIC("anthropic"),
    /** OpenAI Chat Completions ({@code /chat/completions}), the de facto standard of most providers. */
    OPENAI("openai"),
    /** Google Gemini {@code generateContent}. */
    GEMINI("gemini"),
    /** OpenAI Responses ({@code /v1/responses}). */
    OPENAI_RESPONSES("openai-responses");

    private final String key;

    WireProtocol(String key) {
        this.key = key;
    }

    /** The name used by the provider's {@code "protocol"} key in config.json. */
    public String key() {
        return key;
    }

    /** The protocol whose config name is {@code key}, ignoring case. */
    public static Optional<WireProtocol> fromKey(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (WireProtocol p : values()) {
            if (p.key.equals(k)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
