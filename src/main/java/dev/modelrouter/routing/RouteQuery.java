package dev.modelrouter.routing;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.WireProtocol;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Everything the router decides on for one request. The suppliers are asked only when a rule needs
 * them, so a request that an early rule routes pays for no decoding or token counting.
 *
 * @param traits the routing facts of the request
 * @param request the decoded request, for plugins' route rules
 * @param tokenCount the prompt's token count, for the script and route rules
 * @param clientProtocol the protocol the client spoke
 * @param session the Claude Code session
 * @param script what the custom router script answered
 * @param config the config snapshot the request started with, with the session's project routes if any
 */
public record RouteQuery(
        RequestTraits traits,
        Supplier<ChatRequest> request,
        IntSupplier tokenCount,
        WireProtocol clientProtocol,
        Session session,
        ScriptAnswer script,
        RouterConfig config) {

    /**
     * The request's Claude Code session.
     *
     * @param id the session id, or {@code null}
     * @param lastPrompt the prompt tokens of its previous turn, 0 when unknown
     * @param ownRoutes whether its project (or the session itself) has a {@code Router} table of its own,
     *     already applied to {@link RouteQuery#config}
     */
    public record Session(@Nullable String id, IntSupplier lastPrompt, boolean ownRoutes) {

        /** No session: OpenAI and Gemini clients. */
        public static final Session NONE = new Session(null, () -> 0, false);
    }
}
