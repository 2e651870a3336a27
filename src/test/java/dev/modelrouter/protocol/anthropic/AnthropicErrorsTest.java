package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicErrorsTest {

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(ErrorKind.INVALID_REQUEST, "invalid_request_error"),
                Arguments.of(ErrorKind.AUTHENTICATION, "authentication_error"),
                Arguments.of(ErrorKind.BILLING, "billing_error"),
                Arguments.of(ErrorKind.PERMISSION, "permission_error"),
                Arguments.of(ErrorKind.NOT_FOUND, "not_found_error"),
                Arguments.of(ErrorKind.REQUEST_TOO_LARGE, "request_too_large"),
                Arguments.of(ErrorKind.RATE_LIMIT, "rate_limit_error"),
                Arguments.of(ErrorKind.API, "api_error"),
                Arguments.of(ErrorKind.BAD_GATEWAY, "api_error"),
                Arguments.of(ErrorKind.TIMEOUT, "timeout_error"),
                Arguments.of(ErrorKind.OVERLOADED, "overloaded_error"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void writesErrorBodyWithAnthropicType(ErrorKind kind, String type) {
        String body =
                protocol.writeError(new RouterException(kind, "went wrong")).toString();

        assertThat(body)
                .isEqualTo("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"went wrong\"}}");
    }

    @Test
    void coversEveryErrorKind() {
        assertThat(kinds().map(a -> a.get()[0])).containsExactlyInAnyOrder((Object[]) ErrorKind.values());
    }

    static Stream<Arguments> upstreamErrors() {
        return Stream.of(
                Arguments.of(
                        529,
                        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                                + "\"request_id\":\"req_1\"}",
                        ErrorKind.OVERLOADED,
                        "provider a, model b: Overloaded"),
                Arguments.of(
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\","
                                + "\"param\":null,\"code\":\"invalid_api_key\"}}",
                        ErrorKind.AUTHENTICATION,
                        "provider a, model b: Incorrect API key provided"),
                Arguments.of(
                        429,
                        "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                                + "\"code\":\"insufficient_quota\"}}",
                        ErrorKind.BILLING,
                        "provider a, model b: You exceeded your current quota"),
                Arguments.of(
                        400,
                        "[{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}]",
                        ErrorKind.INVALID_REQUEST,
                        "provider a, model b: API key not valid."),
                Arguments.of(
                        404,
                        "{\"error\":{\"code\":404,\"message\":\"models/x is not found\",\"status\":\"NOT_FOUND\"}}",
                        ErrorKind.NOT_FOUND,
                        "provider a, model b: models/x is not found"),
                Arguments.of(
                        422,
                        "{\"detail\":\"max_tokens too large\"}",
                        ErrorKind.INVALID_REQUEST,
                        "provider a, model b: max_tokens too large"),
                Arguments.of(
                        502,
                        "<html>Bad Gateway</html>",
                        ErrorKind.BAD_GATEWAY,
                        "provider a, model b: <html>Bad Gateway</html>"),
                Arguments.of(503, "", ErrorKind.OVERLOADED, "provider a, model b: HTTP 503 with an empty body"),
                Arguments.of(500, "{not json", ErrorKind.API, "provider a, model b: {not json"));
    }

    @ParameterizedTest
    @MethodSource("upstreamErrors")
    void readsUpstreamErrorsOfAnyShape(int status, String body, ErrorKind kind, String message) {
        RouterException error =
                protocol.readError(status, body.getBytes(StandardCharsets.UTF_8), "provider a, model b");

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(status);
        assertThat(error).hasMessage(message);
    }

    @Test
    void truncatesLongUpstreamMessages() {
        RouterException error = protocol.readError(500, "x".repeat(5000).getBytes(StandardCharsets.UTF_8), "p");

        assertThat(error.getMessage()).hasSize("p: ".length() + 500 + "...".length());
    }
}
