package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic error bodies ({@code {"type":"error","error":{"type","message"}}}) and the reading of any
 * upstream's error answer. Types per https://docs.anthropic.com/en/api/errors.
 */
final class AnthropicErrors {

    /** Upstream messages can be whole HTML pages; a person needs the start only. */
    static final int MAX_MESSAGE = 500;

    private AnthropicErrors() {}

    static String type(ErrorKind kind) {
        switch (kind) {
            case INVALID_REQUEST:
                return "invalid_request_error";
            case AUTHENTICATION:
                return "authentication_error";
            case BILLING:
                return "billing_error";
            case PERMISSION:
                return "permission_error";
            case NOT_FOUND:
                return "not_found_error";
            case REQUEST_TOO_LARGE:
                return "request_too_large";
            case RATE_LIMIT:
                return "rate_limit_error";
            case TIMEOUT:
                return "timeout_error";
            case OVERLOADED:
                return "overloaded_error";
            case API:
            case BAD_GATEWAY:
                return "api_error";
            default:
                throw new IllegalStateException("unhandled error kind " + kind);
        }
    }

    /** The kind of an Anthropic error type; unknown types are server errors. */
    static ErrorKind kind(@Nullable String type) {
        if (type == null) {
            return ErrorKind.API;
        }
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind != ErrorKind.BAD_GATEWAY && type(kind).equals(type)) {
                return kind;
            }
        }
        return ErrorKind.API;
    }

    static ObjectNode write(RouterException error) {
        ObjectNode out = Json.object().put("type", "error");
        out.putObject("error").put("type", type(error.kind())).put("message", messageOf(error));
        return out;
    }

    // Anthropic's errors have no code field: the provider's code rides in the message so its meaning is kept.
    private static String messageOf(RouterException error) {
        String message = error.getMessage();
        String text = message == null ? error.kind().name().toLowerCase(Locale.ROOT) : message;
        String code = error.code();
        return code == null || text.contains(code) ? text : text + " (" + code + ")";
    }

    /** An in-stream {@code error} event's payload as an exception. */
    static RouterException fromEvent(JsonNode event) {
        JsonNode error = event.path("error");
        String type = error.path("type").isString() ? error.path("type").stringValue() : null;
        String message =
                error.path("message").isString() ? error.path("message").stringValue() : "stream error";
        ErrorKind kind = kind(type);
        return new RouterException(kind, kind.status(), "upstream error in stream: " + truncate(message), null, null);
    }

    static RouterException read(int status, byte[] body, String what) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        ErrorKind kind = ErrorKind.fromStatus(status);
        String message = text.isEmpty() ? "HTTP " + status + " with an empty body" : text;
        JsonNode json = parse(text);
        String code = null;
        if (json != null) {
            JsonNode codeNode = json.path("error").path("code");
            code = codeNode.isString() ? codeNode.stringValue() : null;
            String found = messageIn(json);
            if (found != null) {
                message = found;
            }
            // OpenAI reports an exhausted balance as a 429; retrying cannot help.
            if (status == 429
                    && "insufficient_quota"
                            .equals(json.path("error").path("code").asString(""))) {
                kind = ErrorKind.BILLING;
            }
        }
        return new RouterException(kind, status, what + ": " + truncate(message), null, null, code);
    }

    private static @Nullable JsonNode parse(String text) {
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            // Gemini sometimes wraps its error object in an array.
            return node.isArray() && node.size() > 0 ? node.get(0) : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Anthropic, OpenAI and Gemini put it in {@code error.message}; others in {@code message} or {@code detail}. */
    private static @Nullable String messageIn(JsonNode json) {
        JsonNode error = json.path("error");
        if (error.isString()) {
            return error.stringValue();
        }
        for (JsonNode candidate : new JsonNode[] {error.path("message"), json.path("message"), json.path("detail")}) {
            if (candidate.isString() && !candidate.stringValue().isBlank()) {
                return candidate.stringValue();
            }
        }
        return null;
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }
}
