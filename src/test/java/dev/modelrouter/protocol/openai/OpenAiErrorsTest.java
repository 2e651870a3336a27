package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OpenAiErrorsTest {

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    @Test
    void writesOpenAiErrorShape() {
        assertThat(protocol.writeError(new RouterException(ErrorKind.RATE_LIMIT, "slow down"))
                        .toString())
                .isEqualTo("{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void writesATypeForEveryKind(ErrorKind kind) {
        assertThat(protocol.writeError(new RouterException(kind, "x"))
                        .at("/error/type")
                        .stringValue())
                .isNotBlank();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "400|{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"
                        + "|INVALID_REQUEST|context too long",
                "429|{\"error\":{\"message\":\"You exceeded your quota\",\"type\":\"insufficient_quota\"}}"
                        + "|BILLING|You exceeded your quota",
                "429|{\"error\":{\"message\":\"Too many\",\"type\":\"rate_limit_error\"}}|RATE_LIMIT|Too many",
                "529|{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}|OVERLOADED|Overloaded",
                "400|[{\"error\":{\"code\":400,\"message\":\"API key not valid\",\"status\":\"INVALID_ARGUMENT\","
                        + "\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}]|AUTHENTICATION|API key not valid",
                "503|{\"error\":{\"code\":503,\"message\":\"The model is overloaded\",\"status\":\"UNAVAILABLE\"}}"
                        + "|OVERLOADED|The model is overloaded",
                "422|{\"detail\":\"bad field\"}|INVALID_REQUEST|bad field",
                "502|<html>Bad Gateway</html>|BAD_GATEWAY|<html>Bad Gateway</html>",
                "500|{\"error\":\"boom\"}|API|boom"
            })
    void readsUpstreamErrorBodies(int status, String body, ErrorKind kind, String message) {
        RouterException error =
                protocol.readError(status, body.getBytes(StandardCharsets.UTF_8), "provider p, model m");

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.getMessage()).isEqualTo("provider p, model m: " + message);
        assertThat(error.retryAfter()).isNull();
    }

    @Test
    void readsEmptyBodyAsStatus() {
        assertThat(protocol.readError(504, new byte[0], "p").getMessage()).isEqualTo("p: HTTP 504");
    }
}
