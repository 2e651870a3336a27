package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AnthropicResponseTest {

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    @ParameterizedTest
    @ValueSource(strings = {"tool-use.response.json", "stop-sequence.response.json"})
    void roundTripsResponseBodies(String fixture) {
        JsonNode body = Fixtures.json(fixture);
        ChatResponse response = protocol.readResponse(body);

        JsonNode written = protocol.writeResponse(
                response, Fixtures.client(body.get("model").stringValue()));

        assertThat(written).isEqualTo(body);
    }

    @Test
    void readsToolUseResponse() {
        ChatResponse response = protocol.readResponse(Fixtures.json("tool-use.response.json"));

        assertThat(response.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(response.stopSequence()).isNull();
        assertThat(response.usage()).isEqualTo(new Usage(12, 34, 2048, 100));
        assertThat(response.content()).hasSize(3);
        assertThat(response.content().get(2))
                .isEqualTo(new Content.ToolUse(
                        "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "Bash", Fixtures.parse("{\"command\":\"ls -la\"}"), null));
    }

    @Test
    void readsStopSequence() {
        ChatResponse response = protocol.readResponse(Fixtures.json("stop-sequence.response.json"));

        assertThat(response.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(response.stopSequence()).isEqualTo("END");
    }

    @Test
    void echoesTheClientsModel() {
        ChatResponse response = protocol.readResponse(Fixtures.json("tool-use.response.json"));

        ObjectNode written = protocol.writeResponse(response, Fixtures.client("claude-sonnet-5-5"));

        assertThat(written.get("model").stringValue()).isEqualTo("claude-sonnet-5-5");
    }

    @Test
    void namesTheServedModelWhenAskedToAndTheClientsWhereTheProviderNamedNone() {
        ChatResponse response = protocol.readResponse(Fixtures.json("tool-use.response.json"));
        AnthropicProtocol served = protocol.namingServedModel();

        assertThat(served.writeResponse(response, Fixtures.client("claude-sonnet-5-5"))
                        .get("model")
                        .stringValue())
                .isEqualTo(response.model())
                .isNotEqualTo("claude-sonnet-5-5");
        ChatResponse unnamed = new ChatResponse(
                response.id(),
                "",
                response.content(),
                response.stopReason(),
                response.stopSequence(),
                response.usage());
        assertThat(served.writeResponse(unnamed, Fixtures.client("claude-sonnet-5-5"))
                        .get("model")
                        .stringValue())
                .isEqualTo("claude-sonnet-5-5");
    }

    @ParameterizedTest
    @EnumSource(StopReason.class)
    void mapsEveryStopReasonBothWays(StopReason reason) {
        ChatResponse response = new ChatResponse("msg_1", "m", List.of(), reason, null, Usage.ZERO);

        ObjectNode written = protocol.writeResponse(response, Fixtures.client("m"));

        assertThat(protocol.readResponse(written).stopReason()).isEqualTo(reason);
        assertThat(written.get("stop_reason").stringValue())
                .isIn(
                        "end_turn",
                        "max_tokens",
                        "stop_sequence",
                        "tool_use",
                        "pause_turn",
                        "refusal",
                        "model_context_window_exceeded");
    }

    @Test
    void toleratesNewerResponseFields() {
        JsonNode body = Fixtures.parse("{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\",\"citations\":null}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"container\":null,\"stop_details\":null,\"usage\":{\"input_tokens\":5,"
                + "\"output_tokens\":2,\"cache_creation_input_tokens\":null,\"cache_read_input_tokens\":null,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":0},\"service_tier\":\"standard\"}}");

        ChatResponse response = protocol.readResponse(body);

        assertThat(response.content()).containsExactly(Content.Text.of("hi"));
        assertThat(response.usage()).isEqualTo(new Usage(5, 2, 0, 0));
    }

    @Test
    void reportsMalformedUpstreamAnswerAsBadGateway() {
        assertThatThrownBy(() -> protocol.readResponse(Fixtures.parse("{\"type\":\"message\",\"content\":[]}")))
                .isInstanceOfSatisfying(
                        RouterException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_GATEWAY))
                .hasMessage("malformed upstream answer: id: required");
    }
}
