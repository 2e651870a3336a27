package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.WireJson;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Errors a Responses upstream reports inside a 200: a {@code failed} response's {@code error}
 * ({@code {code, message}}) and the stream's {@code error} event ({@code {code, message, param}}).
 */
final class ResponsesErrors {

    private static final int MAX_MESSAGE = 2000;

    private ResponsesErrors() {}

    /** The error of a failed response or an error event; {@code node} may be absent or malformed. */
    static RouterException of(@Nullable JsonNode error, String context) {
        if (error == null || !error.isObject()) {
            String detail =
                    error == null ? "no error details" : error.isString() ? error.stringValue() : WireJson.write(error);
            return new RouterException(ErrorKind.API, context + ": " + clip(detail));
        }
        String code = WireJson.text(error, "code");
        String type = WireJson.text(error, "type");
        String message = WireJson.text(error, "message");
        String text = message != null ? message : code != null ? code : WireJson.write(error);
        ErrorKind kind = kind(code, type);
        return new RouterException(kind, kind.status(), context + ": " + clip(text), null, null, code);
    }

    private static ErrorKind kind(@Nullable String code, @Nullable String type) {
        String marker = (code + " " + type).toLowerCase(Locale.ROOT);
        if (marker.contains("insufficient_quota") || marker.contains("billing")) {
            return ErrorKind.BILLING;
        }
        if (marker.contains("rate_limit")) {
            return ErrorKind.RATE_LIMIT;
        }
        if (marker.contains("timeout")) {
            return ErrorKind.TIMEOUT;
        }
        if (marker.contains("overloaded") || marker.contains("unavailable")) {
            return ErrorKind.OVERLOADED;
        }
        if (marker.contains("invalid") || marker.contains("context_length") || marker.contains("too_large")) {
            return ErrorKind.INVALID_REQUEST;
        }
        if (marker.contains("authentication") || marker.contains("api_key")) {
            return ErrorKind.AUTHENTICATION;
        }
        return ErrorKind.API;
    }

    private static String clip(String message) {
        String oneLine = message.strip();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
    }
}
