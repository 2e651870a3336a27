package dev.modelrouter.model;

import java.util.Locale;
import java.util.Optional;

/**
 * A wire protocol: the one a provider's endpoint speaks, and the one a client spoke to the router (only
 * {@link #OPENAI_RESPONSES} is never a client's). Its key names it in config.json, in the {@code ingress}
 * meter tag and in the request log.
 */
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
