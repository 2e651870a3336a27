package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import org.jspecify.annotations.Nullable;

/**
 * The client's request as read at the door: the routing facts at once, the canonical form only when
 * something asks for it, so a request that goes through as bytes is never decoded.
 *
 * @param protocol the client's protocol, which reads the request and writes the answer
 * @param scan an Anthropic request's streaming scan (its model's byte range, routing facts), else {@code null}
 * @param rewritten whether REWRITE_SYSTEM_PROMPT changed the request, which then cannot go as bytes
 * @param traits the routing facts
 * @param routed the request as the router's rules see it
 * @param outbound the request a provider gets: without the sub-agent tag, system prompt rewritten
 * @param tokens the prompt's token count, for the script and route rules
 */
record ClientRequest(
        Protocol protocol,
        @Nullable AnthropicScan scan,
        boolean rewritten,
        RequestTraits traits,
        Lazy<ChatRequest> routed,
        Lazy<ChatRequest> outbound,
        Lazy<Integer> tokens) {

    /** Whether the client asked for a stream; read without decoding the request. */
    boolean stream() {
        return scan != null ? scan.stream() : routed.get().stream();
    }

    /** The client's body with only the model rewritten, when it may go through as bytes, else {@code null}. */
    @Nullable
    AnthropicScan forwardable() {
        // a thinking block another provider signed must be dropped for Anthropic, which needs the decoded request
        return rewritten || (scan != null && scan.unsignedThinking()) ? null : scan;
    }
}
