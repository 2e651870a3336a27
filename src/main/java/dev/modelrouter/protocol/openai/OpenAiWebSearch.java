package dev.modelrouter.protocol.openai;

import java.net.URI;
import java.util.Locale;

/**
 * What an Anthropic {@code web_search_*} server tool becomes on an OpenAI Chat Completions upstream.
 * Chat Completions has no server tools, so each vendor spells search its own way, and a plain
 * OpenAI-compatible server has none (Groq and others 400 on unknown fields).
 */
public enum OpenAiWebSearch {
    /**
     * OpenAI's own {@code web_search_options} (only its search models accept it:
     * https://platform.openai.com/docs/guides/tools-web-search?api-mode=chat).
     */
    OPTIONS,
    /** OpenRouter's web plugin, {@code plugins: [{"id": "web"}]} (https://openrouter.ai/docs/features/web-search). */
    PLUGIN,
    /** Dropped, with a warning in the log: the server offers no search the router knows of. */
    NONE;

    /** The dialect of the provider at {@code apiBaseUrl}: by host, as there is no other sign of it. */
    public static OpenAiWebSearch forEndpoint(URI apiBaseUrl) {
        String host = apiBaseUrl.getHost() == null ? "" : apiBaseUrl.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("openrouter.ai") || host.endsWith(".openrouter.ai")) {
            return PLUGIN;
        }
        if (host.equals("api.openai.com")) {
            return OPTIONS;
        }
        return NONE;
    }
}
