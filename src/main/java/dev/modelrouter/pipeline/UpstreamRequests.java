package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A client's decoded request fitted to the provider it goes to. */
final class UpstreamRequests {

    private UpstreamRequests() {}

    /**
     * The request as the provider gets it: its model, and only pass-through fields meant for its
     * protocol (a field another protocol's client sent could be rejected, e.g. Anthropic's
     * {@code context_management} by an OpenAI-compatible server).
     */
    static ChatRequest forUpstream(ChatRequest client, Route route, Protocol from, Protocol to) {
        ChatRequest.Builder b = client.toBuilder().model(route.model());
        if (from != to) {
            Map<String, JsonNode> kept = new LinkedHashMap<>();
            client.extensions().forEach((k, v) -> {
                if (k.startsWith(to.name() + ".")) {
                    kept.put(k, v);
                }
            });
            b.extensions(kept);
        }
        ChatRequest fitted = b.build();
        return to.wire() == WireProtocol.ANTHROPIC ? ForeignThinking.forAnthropic(fitted) : fitted;
    }
}
