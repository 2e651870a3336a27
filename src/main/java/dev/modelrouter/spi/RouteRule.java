package dev.modelrouter.spi;

import dev.modelrouter.model.ChatRequest;
import java.util.Optional;

/**
 * Chooses a request's target before the built-in scenarios do: the counterpart of
 * claude-code-router's {@code CUSTOM_ROUTER_PATH}. Registered through
 * {@code META-INF/services/dev.modelrouter.spi.RouteRule}.
 */
public interface RouteRule {

    /**
     * The target for a request, or empty to let the built-in scenarios decide.
     *
     * @param request the request as the client sent it, decoded
     * @param context facts the router computed
     * @return {@code "provider,model"}, or empty
     */
    Optional<String> route(ChatRequest request, RouteContext context);

    /**
     * What the router knows about a request when rules run.
     *
     * @param tokenCount the prompt's token count (cl100k_base estimate)
     * @param sessionId Claude Code's session id ({@code x-claude-code-session-id}, else the one in
     *     {@code metadata.user_id}), or empty; always empty for OpenAI and Gemini clients
     * @param clientProtocol {@code anthropic} or {@code openai}
     */
    record RouteContext(int tokenCount, Optional<String> sessionId, String clientProtocol) {}
}
