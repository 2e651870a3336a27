package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.testing.EventText;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

class GeminiResponseMapperTest {

    private final GeminiProtocol protocol = new GeminiProtocol();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tool-calls", "text-with-signature", "safety"})
    void readsUpstreamAnswerMatchingGoldenFile(String name) {
        ChatResponse response = protocol.readResponse(Golden.readJson(name + ".upstream.json"));

        Golden.assertText(name + ".response.txt", EventText.render(response));
    }

    @Test
    void readsTheSameBlocksAsTheStreamReader() {
        ChatResponse streamed = StreamEvents.aggregate(Flux.fromIterable(GeminiStreamReaderTest.events(
                        protocol, Golden.read("signature-on-function-call.upstream.sse"))))
                .block();
        String body = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"text\":\"Need the config first.\",\"thought\":true},"
                + "{\"functionCall\":{\"name\":\"Bash\",\"args\":{\"command\":\"cat cfg\"}},\"thoughtSignature\":\"U2lnLUE=\"},"
                + "{\"text\":\"Reading \"},{\"text\":\"done.\",\"thoughtSignature\":\"U2lnLUI=\"},"
                + "{\"text\":\"\",\"thoughtSignature\":\"U2lnLUM=\"}]},\"finishReason\":\"STOP\"}],"
                + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":9,\"thoughtsTokenCount\":40},"
                + "\"responseId\":\"r5\"}";

        ChatResponse response = protocol.readResponse(Json.parse(body));

        assertThat(response.content()).isEqualTo(streamed.content());
        assertThat(response.stopReason()).isEqualTo(streamed.stopReason());
        assertThat(response.usage()).isEqualTo(streamed.usage());
    }

    @ParameterizedTest(name = "{0} with calls={1} -> {2}")
    @CsvSource({
        "STOP, false, END_TURN",
        "STOP, true, TOOL_USE",
        "MAX_TOKENS, false, MAX_TOKENS",
        "MAX_TOKENS, true, TOOL_USE",
        "OTHER, false, END_TURN",
        "LANGUAGE, false, END_TURN",
        "SAFETY, true, REFUSAL",
        "RECITATION, false, REFUSAL",
        "BLOCKLIST, false, REFUSAL",
        "PROHIBITED_CONTENT, false, REFUSAL",
        "SPII, false, REFUSAL",
        "IMAGE_SAFETY, false, REFUSAL"
    })
    void mapsFinishReasons(String finish, boolean calls, StopReason expected) {
        assertThat(FinishReasons.read(finish, calls, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS"})
    void treatsBrokenToolCallsAsRetryableErrors(String finish) {
        String body = "{\"candidates\":[{\"content\":{\"role\":\"model\"},\"finishReason\":\"" + finish + "\"}]}";

        assertThatThrownBy(() -> protocol.readResponse(Json.parse(body)))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.API));
    }

    @Test
    void readsABlockedPromptAsRefusal() {
        ChatResponse response = protocol.readResponse(Json.parse(
                "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":4}}"));

        assertThat(response.stopReason()).isEqualTo(StopReason.REFUSAL);
        assertThat(response.content()).isEmpty();
        assertThat(response.usage()).isEqualTo(new Usage(4, 0, 0, 0));
    }

    @Test
    void throwsAnErrorBodyAndAnAnswerWithoutCandidates() {
        assertThatThrownBy(() -> protocol.readResponse(
                        Json.parse("{\"error\":{\"code\":400,\"message\":\"bad\",\"status\":\"INVALID_ARGUMENT\"}}")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST));
        assertThatThrownBy(() -> protocol.readResponse(Json.parse("{\"candidates\":[]}")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY));
    }

    @Test
    void givesCallsWithoutIdsStableIds() {
        ChatResponse first = protocol.readResponse(Golden.readJson("tool-calls.upstream.json"));
        ChatResponse second = protocol.readResponse(Golden.readJson("tool-calls.upstream.json"));

        assertThat(first.content()).isEqualTo(second.content());
        assertThat(first.content())
                .filteredOn(Content.ToolUse.class::isInstance)
                .extracting(block -> ((Content.ToolUse) block).id())
                .allMatch(id -> id.matches("toolu_[0-9a-f]{16}"))
                .doesNotHaveDuplicates();
    }

    @Test
    void writesAnswerForGeminiClient() {
        ChatResponse response = new ChatResponse(
                "msg_01XYZ",
                "claude-sonnet-4-5",
                List.of(
                        new Content.Thinking("Two files needed.", "EqQBCkYIBxgCKkB"),
                        Content.Text.of("Reading both."),
                        new Content.Thinking("", ThoughtSignatures.PREFIX + "Rmlyc3Q="),
                        new Content.ToolUse("toolu_01", "Read", Json.parse("{\"file_path\":\"a\"}"), null),
                        new Content.ToolUse("toolu_02", "Read", Json.parse("{\"file_path\":\"b\"}"), null),
                        new Content.RedactedThinking("opaque")),
                StopReason.TOOL_USE,
                null,
                new Usage(100, 50, 900, 10));
        ChatRequest client = ChatRequest.builder()
                .model("gemini-2.5-pro")
                .messages(List.of(Message.of(Role.USER, "x")))
                .build();

        Golden.assertJson("tool-calls.response.json", protocol.writeResponse(response, client));
    }

    @Test
    void clientAnswerReadsBackToTheSameBlocks() {
        ChatResponse response = new ChatResponse(
                "msg_1",
                "m",
                List.of(
                        new Content.Thinking("plan", "EqQBCkYIBxgCKkB"),
                        Content.Text.of("Reading."),
                        new Content.Thinking("", ThoughtSignatures.PREFIX + "Rmlyc3Q="),
                        new Content.ToolUse("toolu_01", "Read", Json.parse("{\"file_path\":\"a\"}"), null),
                        Content.Text.of("tail"),
                        new Content.Thinking("", "foreign-sig")),
                StopReason.TOOL_USE,
                null,
                Usage.ZERO);
        ChatRequest client = ChatRequest.builder().model("gemini-2.5-pro").build();

        var parts = protocol.writeResponse(response, client).at("/candidates/0/content/parts");
        List<Content> read = ModelParts.read(parts, ThoughtSignatures::fromClient, (id, position, name, args) -> id);

        assertThat(read).isEqualTo(response.content());
    }
}
