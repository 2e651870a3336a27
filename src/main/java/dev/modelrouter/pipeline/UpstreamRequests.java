package dev.modelrouter.pipeline;

import dev.modelrouter.model.WireProtocol;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Route;
import dev.modelrouter.protocol.Protocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            if (to.wire() == WireProtocol.ANTHROPIC) {
                b.messages(withoutForeignThinking(client.messages()));
            }
        }
        return b.build();
    }

    /**
     * Anthropic rejects thinking blocks it did not sign ("Invalid signature"); reasoning another
     * provider produced, or that came without a signature, is dropped on the way to it.
     */
    private static List<Message> withoutForeignThinking(List<Message> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (m.role() != Role.ASSISTANT) {
                out.add(m);
                continue;
            }
            List<Content> kept = new ArrayList<>(m.content().size());
            for (Content c : m.content()) {
                if (c instanceof Content.Thinking t
                        && (t.signature() == null || t.signature().isEmpty() || t.signature().startsWith("rtr1."))) {
                    continue;
                }
                kept.add(c);
            }
            out.add(kept.size() == m.content().size() ? m : m.withContent(kept));
        }
        return out;
    }
}
