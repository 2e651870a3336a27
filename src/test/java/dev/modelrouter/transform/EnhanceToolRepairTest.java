package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.testing.GoldenFiles;
import dev.modelrouter.testing.StreamRelay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code enhancetool} against what an OpenAI-compatible provider really streams: arguments the strict
 * reader cannot read ({@code {"cmd": 'ls',}}) must reach the transformer, not an empty object. Exact
 * Anthropic SSE text, with and without the transformer.
 */
class EnhanceToolRepairTest {

    private static final GoldenFiles FILES = new GoldenFiles("fixtures/relay/");
    private static final ChatRequest REQUEST =
            ChatRequest.builder()
                    .model("claude-sonnet-5-5")
                    .messages(List.of(Message.of(Role.USER, "list the files")))
                    .stream(true)
                    .build();

    private static String relay(Transformer... transformers) {
        return StreamRelay.relay(
                new OpenAiProtocol(),
                new AnthropicProtocol(),
                REQUEST,
                FILES.read("sloppy-arguments.upstream.sse"),
                transformers);
    }

    @Test
    void repairsSingleQuotesTrailingCommasAndUnquotedKeysFromAnOpenAiStream() {
        Transformer enhancetool = EnhanceToolTransformer.factory().create(Json.object());

        FILES.assertText("sloppy-arguments.enhancetool.anthropic.sse", relay(enhancetool));
    }

    @Test
    void withoutEnhancetoolUnreadableArgumentsReachTheClientAsAnEmptyObject() {
        FILES.assertText("sloppy-arguments.plain.anthropic.sse", relay());
    }
}
