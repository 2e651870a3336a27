package dev.modelrouter.protocol.openai;

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
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.WireJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiResponseMapperTest {

    private final OpenAiProtocol protocol =
            new OpenAiProtocol(Clock.fixed(Instant.ofEpochSecond(1730000000), ZoneOffset.UTC));

    private static final ChatRequest SENT = ChatRequest.builder()
            .model("deepseek-chat")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .tools(List.of(CanonicalRequests.read(), CanonicalRequests.mcp()))
            .build();

    @Test
    void readsThinkingTextAndToolCallsInOrder() {
        ChatResponse response = protocol.readResponse(Golden.readJson("tool-calls.upstream.json"), SENT);

        assertThat(response.id()).isEqualTo("msg_chatcmpl-abc");
        assertThat(response.content())
                .containsExactly(
                        new Content.Thinking("Two files.", SignatureCarrier.NONE),
                        Content.Text.of("Let me read both."),
                        new Content.ToolUse("call_1", "Read", WireJson.parse("{\"path\":\"a\"}"), null),
                        new Content.ToolUse(
                                ToolCallIds.sanitize("functions.mcp:1"),
                                CanonicalRequests.MCP_TOOL,
                                WireJson.object(),
                                null),
                        new Content.ToolUse("toolu_chatcmpl-abc_2", "Read", WireJson.parse("{\"path\":\"b\"}"), null));
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(36, 20, 64, 0));
    }

    @ParameterizedTest
    @CsvSource({
        "stop,END_TURN",
        "length,MAX_TOKENS",
        "tool_calls,TOOL_USE",
        "function_call,TOOL_USE",
        "content_filter,REFUSAL",
        "insufficient_system_resource,END_TURN"
    })
    void mapsFinishReason(String finish, StopReason expected) {
        String body = "{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"ok\"},\"finish_reason\":\"" + finish + "\"}]}";

        assertThat(protocol.readResponse(WireJson.parse(body)).stopReason()).isEqualTo(expected);
    }

    @Test
    void readsDeepSeekCacheHitsAndSkipsEmptyContent() {
        ChatResponse response =
                protocol.readResponse(WireJson.parse("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"hmm\"},\"finish_reason\":null}],"
                        + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":5,\"prompt_cache_hit_tokens\":40,"
                        + "\"prompt_cache_miss_tokens\":10}}"));

        assertThat(response.content()).containsExactly(new Content.Thinking("hmm", SignatureCarrier.NONE));
        assertThat(response.usage()).isEqualTo(new Usage(10, 5, 40, 0));
    }

    @Test
    void readsOpenRoutersReasoningDetailsAsAStreamDoes() {
        ChatResponse response = protocol.readResponse(WireJson.parse("{\"id\":\"x\",\"model\":\"m\",\"choices\":[{"
                + "\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"4\",\"reasoning_details\":["
                + "{\"type\":\"reasoning.summary\",\"summary\":\"Add. \"},{\"type\":\"reasoning.text\",\"text\":\"2+2=4\"},"
                + "{\"type\":\"reasoning.encrypted\",\"data\":\"opaque\"}]},\"finish_reason\":\"stop\"}]}"));

        Content.Thinking thinking = (Content.Thinking) response.content().get(0);
        assertThat(thinking.text()).isEqualTo("Add. 2+2=4");
        assertThat(OpenAiReasoning.details(thinking.signature()))
                .as("the details travel in the signature, unchanged")
                .isEqualTo(WireJson.parse("[{\"type\":\"reasoning.summary\",\"summary\":\"Add. \"},"
                        + "{\"type\":\"reasoning.text\",\"text\":\"2+2=4\"},"
                        + "{\"type\":\"reasoning.encrypted\",\"data\":\"opaque\"}]"));
        assertThat(response.content().get(1)).isEqualTo(Content.Text.of("4"));
    }

    @Test
    void throwsForErrorBodyWithStatus200() {
        assertThatThrownBy(() -> protocol.readResponse(
                        WireJson.parse("{\"error\":{\"message\":\"Upstream overloaded\",\"code\":503}}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
                    assertThat(e.getMessage()).isEqualTo("upstream error: Upstream overloaded");
                });
    }

    @Test
    void writesChatCompletionForClient() {
        ChatRequest client = ChatRequest.builder()
                .model("my-alias")
                .messages(List.of(Message.of(Role.USER, "hi")))
                .build();
        ChatResponse response = new ChatResponse(
                "msg_01ABC",
                "claude-sonnet-5-5",
                List.of(
                        new Content.Thinking("Plan.", "sig"),
                        new Content.RedactedThinking("opaque"),
                        Content.Text.of("Reading "),
                        Content.Text.of("now."),
                        new Content.ToolUse("toolu_1", "Read", WireJson.parse("{\"path\":\"a\"}"), null)),
                StopReason.TOOL_USE,
                null,
                new Usage(10, 20, 30, 40));

        Golden.assertJson("tool-calls.response.json", protocol.writeResponse(response, client));
    }

    @Test
    void writtenCompletionIsValidForTheOfficialSdk() throws Exception {
        com.openai.models.chat.completions.ChatCompletion completion = com.openai.core.ObjectMappers.jsonMapper()
                .readValue(
                        Golden.read("tool-calls.response.json"),
                        com.openai.models.chat.completions.ChatCompletion.class);

        completion.validate();
        assertThat(completion.choices().get(0).message().toolCalls().orElseThrow())
                .hasSize(1);
    }
}
