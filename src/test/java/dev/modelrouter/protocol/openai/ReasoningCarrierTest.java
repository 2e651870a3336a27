package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** OpenRouter's {@code reasoning_details} ride in the thinking block's signature and go back to OpenRouter only. */
class ReasoningCarrierTest {

    private static final String DETAILS = "[{\"type\":\"reasoning.text\",\"text\":\"Hm.\",\"index\":0},"
            + "{\"type\":\"reasoning.encrypted\",\"data\":\"b3BhcXVl\",\"index\":1}]";

    private static String signatureOfStream() {
        ChatRequest request = ChatRequest.builder().model("m").messages(List.of(Message.of(Role.USER, "hi"))).stream(
                        true)
                .build();
        var reader = new OpenAiProtocol().newStreamReader(request);
        List<StreamEvent> events = new ArrayList<>(reader.onFrame(SseFrame.data(
                "{\"id\":\"o\",\"choices\":[{\"index\":0," + "\"delta\":{\"reasoning\":\"Hm.\",\"reasoning_details\":"
                        + DETAILS + "},\"finish_reason\":null}]}")));
        events.addAll(
                reader.onFrame(SseFrame.data("{\"id\":\"o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"},"
                        + "\"finish_reason\":\"stop\"}]}")));
        events.addAll(reader.onFrame(SseFrame.data("[DONE]")));
        return events.stream()
                .filter(e -> e instanceof StreamEvent.BlockDelta d && d.delta() instanceof StreamEvent.Delta.Signature)
                .map(e -> ((StreamEvent.Delta.Signature) ((StreamEvent.BlockDelta) e).delta()).signature())
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode assistantTurn(OpenAiVendor vendor, String signature) {
        ChatRequest next = ChatRequest.builder()
                .model("m")
                .messages(List.of(
                        Message.of(Role.USER, "hi"),
                        new Message(
                                Role.ASSISTANT, List.of(new Content.Thinking("Hm.", signature), Content.Text.of("4"))),
                        Message.of(Role.USER, "and?")))
                .build();
        return new OpenAiProtocol()
                .forVendor(vendor)
                .writeRequest(next)
                .path("messages")
                .path(1);
    }

    @Test
    void carriesReasoningDetailsFromTheStreamBackToOpenRouterUnchanged() {
        String signature = signatureOfStream();

        assertThat(signature).startsWith("rtr1.openrouter.");
        assertThat(assistantTurn(OpenAiVendor.OPENROUTER, signature).path("reasoning_details"))
                .isEqualTo(WireJson.parse(DETAILS));
    }

    @Test
    void thinkingWithItsTextOmittedStillSendsReasoningContentSoDeepSeekAcceptsTheToolTurn() {
        ChatRequest next = ChatRequest.builder()
                .model("deepseek-reasoner")
                .messages(List.of(
                        Message.of(Role.USER, "list"),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("", "EqClaudeSig"),
                                        new Content.ToolUse(
                                                "toolu_1", "Bash", WireJson.parse("{\"c\":\"ls\"}"), null))),
                        new Message(Role.USER, List.of(new Content.ToolResult("toolu_1", List.of(), false, null)))))
                .build();

        JsonNode turn = new OpenAiProtocol().writeRequest(next).path("messages").path(1);

        assertThat(turn.path("reasoning_content").isString())
                .as(turn.toString())
                .isTrue();
        assertThat(turn.path("reasoning_content").asString()).isEmpty();
        assertThat(turn.path("tool_calls").size()).isEqualTo(1);
    }

    @Test
    void aTurnWithoutThinkingSendsNoReasoningContent() {
        ChatRequest next = ChatRequest.builder()
                .model("m")
                .messages(List.of(
                        Message.of(Role.USER, "hi"), Message.of(Role.ASSISTANT, "4"), Message.of(Role.USER, "and?")))
                .build();

        JsonNode turn = new OpenAiProtocol().writeRequest(next).path("messages").path(1);

        assertThat(turn.has("reasoning_content")).as(turn.toString()).isFalse();
    }

    @Test
    void sendsReasoningDetailsToNoOtherServer() {
        JsonNode turn = assistantTurn(OpenAiVendor.OTHER, signatureOfStream());

        assertThat(turn.has("reasoning_details")).isFalse();
        assertThat(turn.path("reasoning_content").asString()).isEqualTo("Hm.");
    }
}
