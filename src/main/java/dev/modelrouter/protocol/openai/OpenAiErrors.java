package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's error body, written for clients and read from upstreams (which may speak any dialect). */
final class OpenAiErrors {

    private static final int MAX_MESSAGE = 2000;

    private OpenAiErrors() {}

    /** {@code {"error":{"message","type","param":null,"code"}}}. */
    static ObjectNode write(RouterException error) {
        ObjectNode body = WireJson.object();
        ObjectNode inner = body.putObject("error");
        inner.put("message", error.getMessage() == null ? "" : error.getMessage());
        inner.put("type", type(error.kind()));
        inner.putNull("param");
        inner.put("code", error.code() != null ? error.code() : code(error.kind()));
        return body;
    }

    static String type(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, REQUEST_TOO_LARGE -> "invalid_request_error";
            case AUTHENTICATION -> "authentication_error";
            case BILLING -> "insufficient_quota";
            case PERMISSION -> "permission_error";
            case NOT_FOUND -> "not_found_error";
            case RATE_LIMIT -> "rate_limit_error";
            case TIMEOUT -> "timeout_error";
            case OVERLOADED -> "overloaded_error";
            case API, BAD_GATEWAY -> "api_error";
        };
    }

    static String code(ErrorKind kind) {
        return switch (kind) {
            case RATE_LIMIT -> "rate_limit_exceeded";
            case BILLING -> "insufficient_quota";
            case AUTHENTICATION -> "invalid_api_key";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * An upstream's non-2xx answer as an error: OpenAI {@code {"error":{message,type,code}}}, Anthropic
     * {@code {"type":"error","error":{type,message}}}, Gemini {@code {"error":{code,message,status}}}
     * (sometimes wrapped in an array), FastAPI {@code {"detail":...}}, or plain text.
     */
    static RouterException read(int status, byte[] body, String what) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        JsonNode json = text.isEmpty() ? null : WireJson.tryParse(text);
        if (json != null && json.isArray() && !json.isEmpty()) {
            json = json.get(0);
        }
        String message = null;
        String code = null;
        ErrorKind kind = ErrorKind.fromStatus(status);
        if (json != null && json.isObject()) {
            JsonNode error = WireJson.field(json, "error");
            if (error != null && error.isObject()) {
                message = WireJson.text(error, "message");
                code = providerCode(error);
                kind = refine(kind, error);
            } else if (error != null && error.isString()) {
                message = error.stringValue();
            }
            if (message == null) {
                message = firstText(json, "message", "detail", "msg");
            }
            if (message == null) {
                message = WireJson.write(json);
            }
        } else if (!text.isEmpty()) {
            message = text;
        }
        if (message == null || message.isBlank()) {
            message = "HTTP " + status;
        }
        return new RouterException(kind, status, what + ": " + clip(message), null, null, code);
    }

    /** An error object found inside a 200 body or a stream chunk. */
    static RouterException fromErrorObject(JsonNode error, String context) {
        if (!error.isObject()) {
            String message = error.isString() ? error.stringValue() : WireJson.write(error);
            return new RouterException(ErrorKind.API, context + ": " + clip(message));
        }
        ErrorKind kind = ErrorKind.API;
        JsonNode code = WireJson.field(error, "code");
        if (code != null && code.isIntegralNumber()) {
            kind = ErrorKind.fromStatus(WireJson.saturatedInt(code));
        }
        kind = refine(kind, error);
        String message = WireJson.text(error, "message");
        String text = context + ": " + clip(message == null ? WireJson.write(error) : message);
        return new RouterException(kind, kind.status(), text, null, null, providerCode(error));
    }

    /** A provider's own error code when it is a word ({@code content_policy_violation}), not a number. */
    static @Nullable String providerCode(JsonNode error) {
        return WireJson.text(error, "code");
    }

    private static ErrorKind refine(ErrorKind kind, JsonNode error) {
        String marker = (WireJson.text(error, "type") + " " + WireJson.text(error, "code") + " "
                        + WireJson.text(error, "status") + " "
                        + error.path("details").toString())
                .toLowerCase(Locale.ROOT);
        if (marker.contains("insufficient_quota") || marker.contains("billing")) {
            return ErrorKind.BILLING;
        }
        if (marker.contains("api_key_invalid") || marker.contains("authentication")) {
            return ErrorKind.AUTHENTICATION;
        }
        if (kind == ErrorKind.API) {
            if (marker.contains("rate_limit") || marker.contains("resource_exhausted")) {
                return ErrorKind.RATE_LIMIT;
            }
            if (marker.contains("overloaded") || marker.contains("unavailable")) {
                return ErrorKind.OVERLOADED;
            }
            if (marker.contains("invalid_request") || marker.contains("invalid_argument")) {
                return ErrorKind.INVALID_REQUEST;
            }
            if (marker.contains("timeout") || marker.contains("deadline_exceeded")) {
                return ErrorKind.TIMEOUT;
            }
        }
        return kind;
    }

    private static @Nullable String firstText(JsonNode json, String... fields) {
        for (String field : fields) {
            JsonNode value = WireJson.field(json, field);
            if (value != null) {
                return value.isString() ? value.stringValue() : WireJson.write(value);
            }
        }
        return null;
    }

    private static String clip(String message) {
        String oneLine = message.strip();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "...";
    }
}
