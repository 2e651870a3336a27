package dev.modelrouter.transform;

import dev.modelrouter.config.AuthStyle;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.Resilience;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Small builders shared by the transform tests. */
final class Fixtures {

    static final Usage USAGE = new Usage(10, 5, 0, 0);

    private Fixtures() {}

    static Route route(String model) {
        return new Route("p", model, Scenario.DEFAULT);
    }

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    /** The chain {@code provider} configures for {@code model}. */
    static TransformerChain chain(ProviderConfig provider, String model, TransformerRegistry registry) {
        return TransformerChain.of(provider.name(), provider.transformer(), model, registry);
    }

    static ProviderConfig provider(String name, String transformerJson, String... models) {
        return new ProviderConfig(
                name,
                URI.create("https://api.example.com/v1/chat/completions"),
                List.of("sk-test"),
                List.of(models),
                WireProtocol.OPENAI,
                AuthStyle.BEARER,
                json(transformerJson),
                Resilience.DEFAULT,
                Map.of());
    }

    static ChatRequest hello() {
        return ChatRequest.builder()
                .model("m")
                .addMessage(Message.of(Role.USER, "hello"))
                .build();
    }

    static ChatRequest hello(Content... blocks) {
        return ChatRequest.builder()
                .model("m")
                .addMessage(new Message(Role.USER, List.of(blocks)))
                .build();
    }

    static StreamEvent start() {
        return new StreamEvent.Start("msg_1", "m", new Usage(10, 0, 0, 0));
    }
}
