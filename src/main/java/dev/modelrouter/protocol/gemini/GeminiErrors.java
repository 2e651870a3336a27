package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Google's error body {@code {"error":{"code","message","status","details"}}}, written for Gemini
 * clients and read from upstreams (sometimes wrapped in a one-element array), with the status mapping
 * of protocols.md 4 and 5.7.
 */
final class GeminiErrors {

    private static final int MAX_MESSAGE = 2000;
    private static final Pattern TOO_LONG = Pattern.compile(
            "input token count \\(?(\\d+)\\)? exceeds the maximum number of tokens allowed \\(?(\\d+)\\)?");
    private static final Pattern SECONDS = Pattern.compile("^(\\d+)(?:\\.\\d+)?s$");

    private GeminiErrors() {}

    /** The HTTP status a Gemini client gets: Anthropic's 529 is not a Google status, 503 is. */
    static int httpStatus(RouterException error) {
        return error.status() == 529 ? 503 : error.status();
    }

    static ObjectNode write(RouterException error) {
        ObjectNode body = Json.object();
        ObjectNode inner = body.putObject("error");
        inner.put("code", httpStatus(error));
        inner.put("message", error.getMessage() == null ? "" : error.getMessage());
        inner.put("status", status(error.kind()));
        if (error.code() != null) {
            // Google carries a machine-readable reason in an ErrorInfo detail.
            inner.putArray("details")
                    .addObject()
                    .put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", error.code().toUpperCase(Locale.ROOT))
                    .put("domain", "model-router");
        }
        return body;
    }

    static String status(ErrorKind kind) {
        return switch (kind) {
            case INVALID_REQUEST, REQUEST_TOO_LARGE -> "INVALID_ARGUMENT";
            case AUTHENTICATION -> "UNAUTHENTICATED";
            case BILLING -> "FAILED_PRECONDITION";
            case PERMISSION -> "PERMISSION_DENIED";
            case NOT_FOUND -> "NOT_FOUND";
            case RATE_LIMIT -> "RESOURCE_EXHAUSTED";
            case API -> "INTERNAL";
            case BAD_GATEWAY, OVERLOADED -> "UNAVAILABLE";
            case TIMEOUT -> "DEADLINE_EXCEEDED";
        };
    }

    /** An upstream's non-2xx answer as an error to report. */
    static RouterException read(int status, byte[] body, String what) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        JsonNode json = text.isEmpty() ? null : Json.tryParse(text);
        if (json != null && json.isArray() && !json.isEmpty()) {
            json = json.get(0);
        }
        JsonNode error = json == null ? null : Json.field(json, "error");
        if (error != null && error.isObject()) {
            RouterException read = fromErrorObject(error, what, status);
            ErrorKind kind = read.kind();
            int reported = ErrorKind.fromStatus(status) == kind ? status : kind.status();
            return new RouterException(kind, reported, read.getMessage(), read.retryAfter(), null, read.code());
        }
        String message = text.isEmpty() ? "HTTP " + status : json != null ? Json.write(json) : text;
        return new RouterException(ErrorKind.fromStatus(status), status, what + ": " + clip(message), null, null);
    }

    /** An error object in a stream frame or a 200 body. */
    static RouterException fromErrorObject(JsonNode error, String context) {
        return fromErrorObject(error, context, 0);
    }

    private static RouterException fromErrorObject(JsonNode error, String context, int httpStatus) {
        if (!error.isObject()) {
            String message = error.isString() ? error.stringValue() : Json.write(error);
            return new RouterException(ErrorKind.API, context + ": " + clip(message));
        }
        JsonNode code = Json.field(error, "code");
        int status = code != null && code.isIntegralNumber() ? WireJson.saturatedInt(code) : httpStatus;
        ErrorKind kind = kind(Json.text(error, "status"), status, error.path("details"));
        String message = Json.text(error, "message");
        message = tooLong(message == null ? Json.write(error) : message);
        return new RouterException(
                kind, kind.status(), context + ": " + clip(message), retryAfter(error), null, reason(error));
    }

    private static ErrorKind kind(@Nullable String status, int code, JsonNode details) {
        if (details.toString().contains("API_KEY_INVALID")) {
            return ErrorKind.AUTHENTICATION;
        }
        if (status != null) {
            switch (status.toUpperCase(Locale.ROOT)) {
                case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE":
                    return ErrorKind.INVALID_REQUEST;
                case "UNAUTHENTICATED":
                    return ErrorKind.AUTHENTICATION;
                case "PERMISSION_DENIED":
                    return ErrorKind.PERMISSION;
                case "NOT_FOUND":
                    return ErrorKind.NOT_FOUND;
                case "RESOURCE_EXHAUSTED":
                    return ErrorKind.RATE_LIMIT;
                case "INTERNAL", "UNKNOWN":
                    return ErrorKind.API;
                case "UNAVAILABLE":
                    return ErrorKind.OVERLOADED;
                case "DEADLINE_EXCEEDED":
                    return ErrorKind.TIMEOUT;
                default:
                    break;
            }
        }
        return code > 0 ? ErrorKind.fromStatus(code) : ErrorKind.API;
    }

    // Claude Code compacts its context on Anthropic's wording (protocols.md 5.7).
    private static String tooLong(String message) {
        Matcher matcher = TOO_LONG.matcher(message);
        if (!matcher.find()) {
            return message;
        }
        return "prompt is too long: " + matcher.group(1) + " tokens > " + matcher.group(2) + " maximum ("
                + message.strip() + ")";
    }

    /** The reason of a {@code google.rpc.ErrorInfo} detail, lower-cased like other providers' codes. */
    private static @Nullable String reason(JsonNode error) {
        String code = Json.text(error, "code");
        if (code != null) {
            return code;
        }
        for (JsonNode detail : error.path("details")) {
            String reason = Json.text(detail, "reason");
            if (reason != null) {
                return reason.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** {@code google.rpc.RetryInfo.retryDelay} ({@code "37s"}) as whole seconds. */
    private static @Nullable String retryAfter(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String delay = Json.text(detail, "retryDelay");
            if (delay != null) {
                Matcher matcher = SECONDS.matcher(delay.strip());
                if (matcher.matches()) {
                    long seconds = Long.parseLong(matcher.group(1)) + (delay.contains(".") ? 1 : 0);
                    return Long.toString(seconds);
                }
            }
        }
        return null;
    }

    private static String clip(String message) {
        String stripped = message.strip();
        return stripped.length() <= MAX_MESSAGE ? stripped : stripped.substring(0, MAX_MESSAGE) + "...";
    }
}
