package dev.modelrouter.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.WireJson;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class ResponsesRequestWriterTest {

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("claude-code-tools", (Supplier<ChatRequest>) CanonicalRequests::claudeCode),
                Arguments.of("media", (Supplier<ChatRequest>) CanonicalRequests::media),
                Arguments.of("reasoning-replay", (Supplier<ChatRequest>) CanonicalRequests::reasoningReplay));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesUpstreamBodyMatchingGoldenFile(String name, Supplier<ChatRequest> request) {
        Golden.assertJson(name + ".request.json", protocol.writeRequest(request.get()));
    }

    @Test
    void isNamedOpenAiResponses() {
        assertThat(protocol.name()).isEqualTo("openai-responses");
    }

    @Test
    void dropsBillingHeaderOnlyWhenItIsTheFirstSystemBlock() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .system(List.of(Content.Text.of("Intro"), Content.Text.of("x-anthropic-billing-header: cc_version=1")))
                .messages(List.of(Message.of(Role.USER, "hi")))
                .build();

        JsonNode body = protocol.writeRequest(request);

        assertThat(body.get("instructions").stringValue())
                .isEqualTo("Intro\n\nx-anthropic-billing-header: cc_version=1");
    }

    @Test
    void replaysOnlyReasoningThatCameFromAResponsesUpstream() {
        JsonNode input = protocol.writeRequest(CanonicalRequests.claudeCode()).get("input");

        assertThat(input.findValues("encrypted_content"))
                .extracting(JsonNode::stringValue)
                .containsExactly("gAAAAABenc-one");
        assertThat(input.toString())
                .doesNotContain(CanonicalRequests.ANTHROPIC_SIGNATURE, "Anthropic thought", "rs_01");
    }

    @Test
    void shortensLongToolNamesAndCallIdsConsistentlyAndMapsNamesBack() {
        ChatRequest request = CanonicalRequests.claudeCode();
        String name = ToolNames.shorten(CanonicalRequests.MCP_TOOL);
        String callId = ToolNames.shorten(CanonicalRequests.LONG_CALL_ID);

        JsonNode body = protocol.writeRequest(request);

        assertThat(name).hasSize(64);
        assertThat(callId).hasSize(64);
        assertThat(body.at("/tools/1/name").stringValue()).isEqualTo(name);
        assertThat(body.get("input").findValues("call_id"))
                .extracting(JsonNode::stringValue)
                .contains(callId)
                .allSatisfy(id -> assertThat(id.length()).isLessThanOrEqualTo(64));
        assertThat(ToolNames.of(request).original(name)).isEqualTo(CanonicalRequests.MCP_TOOL);
        assertThat(ToolNames.of(request).original("Bash")).isEqualTo("Bash");
    }

    @Test
    void pairsCallIdsThatRepeatAcrossTurnsAndDropsDuplicateResults() {
        String id = "functions.Read:0";
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .messages(List.of(
                        Message.of(Role.USER, "read a, then b"),
                        new Message(Role.ASSISTANT, List.of(new Content.ToolUse(id, "Read", WireJson.object(), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(id, List.of(Content.Text.of("A")), false, null),
                                        new Content.ToolResult(id, List.of(Content.Text.of("A again")), false, null))),
                        new Message(Role.ASSISTANT, List.of(new Content.ToolUse(id, "Read", WireJson.object(), null))),
                        new Message(Role.ASSISTANT, List.of(Content.Text.of("Still waiting."))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(id, List.of(Content.Text.of("B")), false, null)))))
                .build();

        JsonNode input = protocol.writeRequest(request).get("input");

        assertThat(input.findValues("output")).extracting(JsonNode::stringValue).containsExactly("A", "B");
        assertThat(input.valueStream().map(item -> item.get("type").stringValue()))
                .containsExactly(
                        "message",
                        "function_call",
                        "function_call_output",
                        "function_call",
                        "message",
                        "function_call_output");
    }

    @Test
    void sendsNoToolFieldsWhenNoToolRemains() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .messages(List.of(Message.of(Role.USER, "fetch")))
                .tools(List.of(CanonicalRequests.webFetch()))
                .toolChoice(new ToolChoice.Auto(true))
                .build();

        JsonNode body = protocol.writeRequest(request);

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void keepsSamplingWithoutReasoningAndRaisesTinyTokenLimits() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .messages(List.of(Message.of(Role.USER, "quota")))
                .sampling(new Sampling(1, 0.5, 0.8, 40, List.of("STOP")))
                .thinking(new Thinking.Disabled())
                .build();

        JsonNode body = protocol.writeRequest(request);

        assertThat(body.get("max_output_tokens").asInt()).isEqualTo(16);
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.8);
        assertThat(body.has("reasoning")).isFalse();
        assertThat(body.has("include")).isFalse();
        assertThat(body.has("stop")).isFalse();
        assertThat(body.has("top_k")).isFalse();
        assertThat(body.get("store").asBoolean()).isFalse();
        assertThat(body.get("stream").asBoolean()).isFalse();
    }

    @Test
    void rejectsClientRequestsAndClientAnswers() {
        ChatRequest request = ChatRequest.builder().model("m").build();
        ChatResponse response = new ChatResponse("msg_1", "m", List.of(), StopReason.END_TURN, null, Usage.ZERO);

        assertThatThrownBy(() -> protocol.readRequest(WireJson.object()))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("the OpenAI Responses API is supported as an upstream only");
                });
        assertThatThrownBy(() -> protocol.writeResponse(response, request))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("upstream protocol");
        assertThatThrownBy(() -> protocol.newStreamWriter(request))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("upstream protocol");
    }
}
