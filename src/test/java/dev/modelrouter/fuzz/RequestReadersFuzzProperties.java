package dev.modelrouter.fuzz;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/**
 * Every client request reader, fed mutated recorded requests: it reads the body or refuses it with a
 * 400-class error, and whatever it accepts can be written for every upstream protocol. The number of
 * inputs is jqwik's {@code jqwik.tries.default} (300 in the suite, set by the build; {@code scripts/fuzz} sets 100,000).
 */
class RequestReadersFuzzProperties {

    private static final List<Protocol> UPSTREAMS =
            List.of(new AnthropicProtocol(), new OpenAiProtocol(), new GeminiProtocol(), new ResponsesProtocol());

    @Property
    void anthropicRequestsAreReadOrRefused(@ForAll("anthropic") String body) {
        readThenWriteEverywhere(new AnthropicProtocol(), body);
    }

    @Property
    void anthropicScannerReadsOrRefuses(@ForAll("anthropic") String body) {
        Verdicts.refusesAsClientError(body, () -> AnthropicRequestScanner.scan(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void openAiRequestsAreReadOrRefused(@ForAll("openai") String body) {
        readThenWriteEverywhere(new OpenAiProtocol(), body);
    }

    @Property
    void geminiRequestsAreReadOrRefused(@ForAll("gemini") String body) {
        readThenWriteEverywhere(new GeminiProtocol(), body);
    }

    private static void readThenWriteEverywhere(Protocol client, String body) {
        JsonNode tree = WireJson.tryParse(body);
        if (tree == null) {
            return; // not JSON: the endpoint fuzz covers how the server answers that
        }
        Verdicts.refusesAsClientError(body, () -> {
            ChatRequest request = client.readRequest(tree);
            for (Protocol upstream : UPSTREAMS) {
                upstream.writeRequest(request);
            }
        });
    }

    @Provide
    Arbitrary<String> anthropic() {
        return Mutations.of(Mutations.seeds(Mutations.ANTHROPIC_REQUESTS));
    }

    @Provide
    Arbitrary<String> openai() {
        return Mutations.of(Mutations.seeds(Mutations.OPENAI_REQUESTS));
    }

    @Provide
    Arbitrary<String> gemini() {
        return Mutations.of(Mutations.seeds(Mutations.GEMINI_REQUESTS));
    }
}
