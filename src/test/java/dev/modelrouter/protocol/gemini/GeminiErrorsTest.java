package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorsTest {

    private final GeminiProtocol protocol = new GeminiProtocol();

    private RouterException read(int status, String body) {
        return protocol.readError(
                status, body.getBytes(StandardCharsets.UTF_8), "provider gemini, model gemini-2.5-pro");
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
        "400, INVALID_ARGUMENT, INVALID_REQUEST, 400",
        "400, FAILED_PRECONDITION, INVALID_REQUEST, 400",
        "401, UNAUTHENTICATED, AUTHENTICATION, 401",
        "403, PERMISSION_DENIED, PERMISSION, 403",
        "404, NOT_FOUND, NOT_FOUND, 404",
        "429, RESOURCE_EXHAUSTED, RATE_LIMIT, 429",
        "500, INTERNAL, API, 500",
        "503, UNAVAILABLE, OVERLOADED, 503",
        "504, DEADLINE_EXCEEDED, TIMEOUT, 504"
    })
    void mapsGoogleStatuses(int status, String google, ErrorKind kind, int reported) {
        RouterException error =
                read(status, "{\"error\":{\"code\":" + status + ",\"message\":\"m\",\"status\":\"" + google + "\"}}");

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(reported);
        assertThat(error.getMessage()).isEqualTo("provider gemini, model gemini-2.5-pro: m");
    }

    @Test
    void readsABadKeyInTheArrayWrappedFormAsAuthentication() {
        RouterException error = read(
                400,
                "[{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}]");

        assertThat(error.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(error.status()).isEqualTo(401);
        assertThat(error.getMessage()).endsWith(": API key not valid. Please pass a valid API key.");
    }

    @Test
    void copiesTheRetryDelay() {
        RouterException error = read(
                429,
                "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\","
                        + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"37.5s\"}]}}");

        assertThat(error.retryAfter()).isEqualTo("38");
    }

    @Test
    void rewordsContextOverflowTheWayClaudeCodeExpects() {
        RouterException error = read(
                400,
                "{\"error\":{\"code\":400,\"message\":\"The input token count (1200000) exceeds the "
                        + "maximum number of tokens allowed (1048576).\",\"status\":\"INVALID_ARGUMENT\"}}");

        assertThat(error.getMessage())
                .startsWith(
                        "provider gemini, model gemini-2.5-pro: prompt is too long: 1200000 tokens > 1048576 maximum (");
    }

    @Test
    void readsPlainTextAndEmptyBodies() {
        assertThat(read(502, "<html>Bad Gateway</html>").getMessage()).endsWith(": <html>Bad Gateway</html>");
        assertThat(read(502, "").kind()).isEqualTo(ErrorKind.BAD_GATEWAY);
        assertThat(read(503, "").getMessage()).endsWith(": HTTP 503");
    }

    @Test
    void writesGoogleErrorBodies() {
        assertThat(protocol.writeError(new RouterException(ErrorKind.INVALID_REQUEST, "contents: required"))
                        .toString())
                .isEqualTo(
                        "{\"error\":{\"code\":400,\"message\":\"contents: required\",\"status\":\"INVALID_ARGUMENT\"}}");
        RouterException overloaded = new RouterException(ErrorKind.OVERLOADED, "busy");
        assertThat(protocol.writeError(overloaded).toString())
                .isEqualTo("{\"error\":{\"code\":503,\"message\":\"busy\",\"status\":\"UNAVAILABLE\"}}");
        assertThat(GeminiProtocol.clientStatus(overloaded)).isEqualTo(503);
        for (ErrorKind kind : ErrorKind.values()) {
            assertThat(GeminiErrors.status(kind)).isNotBlank();
        }
    }
}
