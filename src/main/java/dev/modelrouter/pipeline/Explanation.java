package dev.modelrouter.pipeline;

import dev.modelrouter.routing.RoutePlan;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the router would do with a request, worked out without calling any provider: {@code router explain}.
 *
 * @param clientProtocol the protocol the request is written in
 * @param requestedModel the model the request names
 * @param plan the routing decision and its steps, or {@code null} when routing failed
 * @param error why routing failed (the message the client would get), or {@code null}
 * @param targets the plan's targets in the order they would be tried, the primary first
 */
public record Explanation(
        String clientProtocol,
        String requestedModel,
        @Nullable RoutePlan plan,
        @Nullable String error,
        List<TargetCall> targets) {

    public Explanation {
        targets = List.copyOf(targets);
    }

    /**
     * One target and the upstream call it would get.
     *
     * @param target {@code provider,model}
     * @param circuit the circuit breaker's state ({@code CLOSED} for one that has seen no calls yet)
     * @param strategy {@code forward} (the client's bytes with only the model rewritten) or {@code translate}
     * @param transformers the transformer chain that would run, in request order
     * @param upstream the call, or {@code null} when the target cannot be called as configured
     * @param problem why it cannot (e.g. no API key), or {@code null}
     */
    public record TargetCall(
            String target,
            String circuit,
            String strategy,
            List<String> transformers,
            @Nullable UpstreamPreview upstream,
            @Nullable String problem) {}

    /**
     * An upstream call as it would go out, secrets masked.
     *
     * @param url the upstream URL
     * @param headers the headers, keys masked
     * @param body the start of the body, keys masked
     * @param bodyBytes the body's full size
     */
    public record UpstreamPreview(String url, Map<String, String> headers, String body, int bodyBytes) {}
}
