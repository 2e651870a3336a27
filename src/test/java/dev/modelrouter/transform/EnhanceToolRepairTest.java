package dev.modelrouter.transform;

import static org.assertj.core.api.Assertions.assertThat;

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
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code enhancetool} against what an OpenAI-compatible provider really streams: arguments the strict
 * reader cannot read ({@code {"cmd": 'ls',}}) must reach the transformer, not an empty object, in a
 * stream and in a complete answer alike. Exact Anthropic SSE text and JSON, with and without the
 * transformer.
 */
class EnhanceToolRepairTest {

    private static final GoldenFiles FILES = new GoldenFiles("fixtures/relay/");
    private static final ChatRequest REQUEST =
            ChatRequest.builder()
                    .model("claude-sonnet-5-5")
                    .messages(List.of(Message.of(Role.USER, "list the files")))
                    .stream(true)
                    .build();

    private static final ChatRequest WHOLE_REQUEST = ChatRequest.builder()
            .model("claude-sonnet-5-5")
            .messages(List.of(Message.of(Role.USER, "list the files")))
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

    private static ObjectNode whole(Transformer... transformers) {
        return StreamRelay.whole(
                new OpenAiProtocol(),
                new AnthropicProtocol(),
                WHOLE_REQUEST,
                FILES.readJson("sloppy-arguments.upstream.json"),
                transformers);
    }

    @Test
    void repairsSloppyArgumentsInACompleteOpenAiAnswer() {
        Transformer enhancetool = EnhanceToolTransformer.factory().create(Json.object());

        FILES.assertJson("sloppy-arguments.enhancetool.anthropic.json", whole(enhancetool));
    }

    @Test
    void withoutEnhancetoolACompleteAnswerReadsAsTheStrictReaderReadsIt() {
        OpenAiProtocol openai = new OpenAiProtocol();
        ObjectNode strict = new AnthropicProtocol()
                .writeResponse(
                        openai.readResponse(FILES.readJson("sloppy-arguments.upstream.json"), WHOLE_REQUEST),
                        WHOLE_REQUEST);

        FILES.assertJson("sloppy-arguments.plain.anthropic.json", whole());
        assertThat(whole()).isEqualTo(strict);
    }
}
