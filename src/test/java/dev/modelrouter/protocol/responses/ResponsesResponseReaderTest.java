package dev.modelrouter.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesResponseReaderTest {

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    @Test
    void readsReasoningTextAndFunctionCallsInOrder() {
        ChatResponse response = protocol.readResponse(
                Golden.readJson("completed-with-tools.upstream.json"), ResponsesStreamReaderTest.REQUEST);

        assertThat(response.id()).isEqualTo("msg_resp_full1");
        assertThat(response.model()).isEqualTo("gpt-5-2025-08-07");
        assertThat(response.content())
                .containsExactly(
                        new Content.Thinking(
                                "**Reading**\n\nBoth files are needed.",
                                new ReasoningSignature("rs_full", "gAAAAABfull").encode()),
                        Content.Text.of("Let me read both."),
                        new Content.ToolUse("call_1", "Read", WireJson.parse("{\"path\":\"a\"}"), null),
                        new Content.ToolUse(
                                ToolCallIds.sanitize("functions.mcp:1"),
                                CanonicalRequests.MCP_TOOL,
                                WireJson.object(),
                                null));
        assertThat(ToolCallIds.sanitize("functions.mcp:1")).matches("[a-zA-Z0-9_-]+");
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(new Usage(36, 20, 64, 0));
    }

    @Test
    void signatureDecodesBackToTheReasoningItem() {
        Content.Thinking thinking =
                (Content.Thinking) protocol.readResponse(Golden.readJson("completed-with-tools.upstream.json"))
                        .content()
                        .get(0);

        assertThat(thinking.signature()).startsWith("rtr1.responses.");
        assertThat(ReasoningSignature.decode(thinking.signature()))
                .isEqualTo(new ReasoningSignature("rs_full", "gAAAAABfull"));
        assertThat(ReasoningSignature.decode("EqQBCkYIBxgCKkB")).isNull();
        assertThat(ReasoningSignature.decode(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "completed,,END_TURN",
        "incomplete,max_output_tokens,MAX_TOKENS",
        "incomplete,content_filter,REFUSAL",
        "incomplete,other,END_TURN"
    })
    void mapsStatusToStopReason(String status, String reason, StopReason expected) {
        String details = reason == null ? "null" : "{\"reason\":\"" + reason + "\"}";
        ChatResponse response = protocol.readResponse(WireJson.parse("{\"id\":\"r\",\"status\":\"" + status
                + "\",\"incomplete_details\":" + details + ",\"output\":[{\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"output_text\",\"text\":\"ok\"}]}]}"));

        assertThat(response.stopReason()).isEqualTo(expected);
        assertThat(response.usage()).isEqualTo(Usage.ZERO);
    }

    @Test
    void readsRefusalAsTextWithRefusalStop() {
        ChatResponse response = protocol.readResponse(
                WireJson.parse(
                        "{\"id\":\"r\",\"status\":\"completed\",\"output\":["
                                + "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"No.\"}]}]}"));

        assertThat(response.content()).containsExactly(Content.Text.of("No."));
        assertThat(response.stopReason()).isEqualTo(StopReason.REFUSAL);
    }

    @Test
    void dropsReasoningWithNeitherTextNorEncryptedContent() {
        ChatResponse response = protocol.readResponse(
                WireJson.parse(
                        "{\"id\":\"r\",\"status\":\"completed\",\"output\":["
                                + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]},"
                                + "{\"type\":\"reasoning\",\"id\":\"rs_2\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"raw\"}]}]}"));

        assertThat(response.content()).containsExactly(new Content.Thinking("raw", SignatureCarrier.NONE));
    }

    @Test
    void throwsForFailedResponse() {
        assertThatThrownBy(() -> protocol.readResponse(WireJson.parse("{\"id\":\"r\",\"status\":\"failed\","
                        + "\"error\":{\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down\"},\"output\":[]}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMIT);
                    assertThat(e.getMessage()).isEqualTo("upstream error: Slow down");
                });
    }

    @Test
    void writesAndReadsErrorsInOpenAiFormat() {
        RouterException read = protocol.readError(
                429,
                "{\"error\":{\"message\":\"Too many\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "provider openai, model gpt-5");

        assertThat(read.kind()).isEqualTo(ErrorKind.RATE_LIMIT);
        assertThat(read.getMessage()).isEqualTo("provider openai, model gpt-5: Too many");
        assertThat(protocol.writeError(RouterException.invalid("bad")).toString())
                .isEqualTo("{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"param\":null,"
                        + "\"code\":\"invalid_request\"}}");
    }
}
