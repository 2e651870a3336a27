package dev.modelrouter.model;

import org.jspecify.annotations.Nullable;

/**
 * A failure to report to the client, in the client's own protocol. Its message is written for a
 * person and is safe to show: it never holds a key, a prompt or a stack trace.
 */
public final class RouterException extends RuntimeException {

    private final ErrorKind kind;
    private final int status;
    private final @Nullable String retryAfter;
    private final @Nullable String code;

    /**
     * A failure of the given kind, reported with the kind's own HTTP status.
     *
     * @param kind what went wrong
     * @param message what a person should know
     */
    public RouterException(ErrorKind kind, String message) {
        this(kind, kind.status(), message, null, null);
    }

    /**
     * A failure with an explicit HTTP status (an upstream's own, relayed).
     *
     * @param kind what went wrong
     * @param status the HTTP status to report
     * @param message what a person should know
     * @param retryAfter the upstream's {@code retry-after} value, or {@code null}
     * @param cause the underlying exception, kept for logs only
     */
    public RouterException(
            ErrorKind kind, int status, String message, @Nullable String retryAfter, @Nullable Throwable cause) {
        this(kind, status, message, retryAfter, cause, null);
    }

    /**
     * A failure that keeps the provider's own error code, so that a client whose protocol has codes
     * learns the same meaning (a content-policy refusal stays one).
     *
     * @param kind what went wrong
     * @param status the HTTP status to report
     * @param message what a person should know
     * @param retryAfter the upstream's {@code retry-after} value, or {@code null}
     * @param cause the underlying exception, kept for logs only
     * @param code the provider's error code ({@code content_policy_violation}), or {@code null}
     */
    public RouterException(
            ErrorKind kind,
            int status,
            String message,
            @Nullable String retryAfter,
            @Nullable Throwable cause,
            @Nullable String code) {
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
        // A code is a word; anything else (a whole body, an empty string) is not one to relay.
        this.code = code == null || code.isBlank() || code.length() > 64 ? null : code;
    }

    /** What went wrong. */
    public ErrorKind kind() {
        return kind;
    }

    /** The HTTP status to report. */
    public int status() {
        return status;
    }

    /** The upstream's {@code retry-after} value, or {@code null}. */
    public @Nullable String retryAfter() {
        return retryAfter;
    }

    /** The provider's own error code, or {@code null} when it sent none. */
    public @Nullable String code() {
        return code;
    }

    /** The same failure with its message led by {@code what} (provider and model), unless it already is. */
    public RouterException naming(String what) {
        String message = getMessage() == null ? "" : getMessage();
        if (message.startsWith(what)) {
            return this;
        }
        return withMessage(what + ": " + message);
    }

    /** The same failure (kind, status, retry-after, code) told with another message. */
    public RouterException withMessage(String message) {
        return new RouterException(kind, status, message, retryAfter, this, code);
    }

    /** A 400 with the given message. */
    public static RouterException invalid(String message) {
        return new RouterException(ErrorKind.INVALID_REQUEST, message);
    }
}
