package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/** A provider's error code keeps its meaning whichever protocol the client speaks. */
class ErrorCodesTest {

    private static final String WHAT = "provider openai, model gpt-4o";
    private static final byte[] CONTENT_POLICY =
            ("{\"error\":{\"message\":\"Your request was rejected by the safety system\","
                            + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"content_policy_violation\"}}")
                    .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void anOpenAiStyleCodeIsReadByEveryUpstreamReader(String upstream) {
        Protocol protocol = switch (upstream) {
            case "openai" -> new OpenAiProtocol();
            case "anthropic" -> new AnthropicProtocol();
            default -> new GeminiProtocol();
        };

        RouterException error = protocol.readError(400, CONTENT_POLICY, WHAT);

        assertThat(error.code()).isEqualTo("content_policy_violation");
        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(error.getMessage()).startsWith(WHAT + ": ");
    }

    @Test
    void anOpenAiClientGetsTheProvidersCodeNotAGenericOne() {
        RouterException error = new OpenAiProtocol().readError(400, CONTENT_POLICY, WHAT);

        ObjectNode body = new OpenAiProtocol().writeError(error);

        assertThat(body.at("/error/code").stringValue()).isEqualTo("content_policy_violation");
        assertThat(body.at("/error/type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").stringValue()).startsWith(WHAT);
    }

    @Test
    void anAnthropicClientReadsTheCodeInTheMessageUnderTheNearestType() {
        RouterException error = new OpenAiProtocol().readError(400, CONTENT_POLICY, WHAT);

        ObjectNode body = new AnthropicProtocol().writeError(error);

        assertThat(body.at("/error/type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").stringValue())
                .isEqualTo(WHAT + ": Your request was rejected by the safety system (content_policy_violation)");
    }

    @Test
    void aGeminiClientGetsTheCodeAsAnErrorInfoReason() {
        RouterException error = new OpenAiProtocol().readError(400, CONTENT_POLICY, WHAT);

        ObjectNode body = new GeminiProtocol().writeError(error);

        assertThat(body.at("/error/status").stringValue()).isEqualTo("INVALID_ARGUMENT");
        assertThat(body.at("/error/details/0/@type").stringValue())
                .isEqualTo("type.googleapis.com/google.rpc.ErrorInfo");
        assertThat(body.at("/error/details/0/reason").stringValue()).isEqualTo("CONTENT_POLICY_VIOLATION");
    }

    @Test
    void aGeminiReasonComesBackAsTheSameCodeForAnOpenAiClient() {
        byte[] gemini = ("{\"error\":{\"code\":400,\"message\":\"blocked\",\"status\":\"INVALID_ARGUMENT\",\"details\":"
                        + "[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"CONTENT_POLICY_VIOLATION\"}]}}")
                .getBytes(StandardCharsets.UTF_8);

        RouterException error = new GeminiProtocol().readError(400, gemini, "provider gemini, model g");

        assertThat(error.code()).isEqualTo("content_policy_violation");
        assertThat(new OpenAiProtocol().writeError(error).at("/error/code").stringValue())
                .isEqualTo("content_policy_violation");
    }

    @Test
    void aResponsesStreamErrorKeepsItsCode() {
        Protocol.StreamReader reader = new ResponsesProtocol()
                .newStreamReader(
                        ChatRequest.builder().model("gpt-5").messages(List.of(Message.of(Role.USER, "hi"))).stream(true)
                                .build());
        RouterException error = null;
        try {
            reader.onFrame(new SseFrame("error", "{\"code\":\"content_policy_violation\",\"message\":\"no\"}"));
        } catch (RouterException e) {
            error = e;
        }

        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo("content_policy_violation");
    }

    @Test
    void anErrorWithoutACodeStaysAsItWas() {
        RouterException plain = new RouterException(ErrorKind.RATE_LIMIT, "slow down");

        assertThat(plain.code()).isNull();
        assertThat(new AnthropicProtocol()
                        .writeError(plain)
                        .at("/error/message")
                        .stringValue())
                .isEqualTo("slow down");
        assertThat(new GeminiProtocol().writeError(plain).at("/error/details").isMissingNode())
                .isTrue();
    }

    @Test
    void namingLeadsTheMessageWithTheTargetOnce() {
        RouterException cut = new RouterException(ErrorKind.BAD_GATEWAY, "upstream stream ended early");

        RouterException named = cut.naming(WHAT).naming(WHAT);

        assertThat(named.getMessage()).isEqualTo(WHAT + ": upstream stream ended early");
        assertThat(named.kind()).isEqualTo(ErrorKind.BAD_GATEWAY);
    }
}
