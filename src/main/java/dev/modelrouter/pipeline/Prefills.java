package dev.modelrouter.pipeline;

import dev.modelrouter.config.PrefillSupport;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which targets accept an assistant prefill, so a fallback can continue a broken answer as its own
 * unfinished turn; the others are asked to continue in a new user turn ({@link Splice.Form#REQUEST}).
 * The config decides ({@code resilience.prefill}); without it the protocol and vendor do: Anthropic
 * and DeepSeek (prefix completion) accept one, OpenAI Chat, Responses and Gemini do not. A target
 * that refused a prefill is remembered for the life of the process.
 */
final class Prefills {

    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /** How {@code route} is asked to continue a partial answer. */
    Splice.Form form(ProviderConfig provider, Route route) {
        if (refused.contains(key(route))) {
            return Splice.Form.REQUEST;
        }
        PrefillSupport configured = provider.resilience().prefill();
        if (configured != PrefillSupport.AUTO) {
            return configured == PrefillSupport.YES ? Splice.Form.PREFILL : Splice.Form.REQUEST;
        }
        return acceptsByDefault(provider) ? Splice.Form.PREFILL : Splice.Form.REQUEST;
    }

    /** Remembers that {@code route} refused a prefill. */
    void refused(Route route) {
        refused.add(key(route));
    }

    /**
     * Whether {@code error} is a target refusing the prefill itself: a 400 that names the prefill or
     * the conversation's last (assistant) message, as Anthropic's "does not support assistant message
     * prefill" and OpenAI-compatible servers' "last message must be a user message" do.
     */
    static boolean refusal(RouterException error) {
        if (error.status() != 400) {
            return false;
        }
        String m = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("prefill")
                || m.contains("prefix")
                || (m.contains("assistant") && (m.contains("last") || m.contains("final") || m.contains("end with")));
    }

    private static boolean acceptsByDefault(ProviderConfig provider) {
        if (provider.protocol() == WireProtocol.ANTHROPIC) {
            return true;
        }
        String host = provider.apiBaseUrl().getHost();
        return provider.protocol() == WireProtocol.OPENAI
                && host != null
                && host.toLowerCase(Locale.ROOT).contains("deepseek");
    }

    private static String key(Route route) {
        return route.provider().toLowerCase(Locale.ROOT) + "," + route.model();
    }
}
