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
        super(message, cause, false, false);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
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

    /** A 400 with the given message. */
    public static RouterException invalid(String message) {
        return new RouterException(ErrorKind.INVALID_REQUEST, message);
    }
}
