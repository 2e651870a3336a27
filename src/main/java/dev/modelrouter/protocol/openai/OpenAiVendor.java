package dev.modelrouter.protocol.openai;

import java.net.URI;
import java.util.Locale;

/**
 * Which vendor stands behind an OpenAI Chat Completions upstream, where the vendors spell a feature
 * differently: web search (Chat Completions has no server tools) and reasoning continuity. A plain
 * OpenAI-compatible server gets neither, as Groq and others 400 on fields they do not know.
 */
public enum OpenAiVendor {
    /**
     * OpenAI itself: web search as {@code web_search_options} (only its search models accept it:
     * https://platform.openai.com/docs/guides/tools-web-search?api-mode=chat).
     */
    OPENAI,
    /**
     * OpenRouter: web search as the web plugin, {@code plugins: [{"id": "web"}]}
     * (https://openrouter.ai/docs/features/web-search), and {@code reasoning_details} returned unchanged
     * on assistant turns (https://openrouter.ai/docs/use-cases/reasoning-tokens#preserving-reasoning-blocks).
     */
    OPENROUTER,
    /** Any other server: a web search tool is dropped with a warning in the log. */
    OTHER;

    /** The vendor at {@code apiBaseUrl}: by host, as there is no other sign of it. */
    public static OpenAiVendor of(URI apiBaseUrl) {
        String host = apiBaseUrl.getHost() == null ? "" : apiBaseUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("openrouter.ai") || host.endsWith(".openrouter.ai")) {
            return OPENROUTER;
        }
        if (host.equals("api.openai.com")) {
            return OPENAI;
        }
        return OTHER;
    }
}
