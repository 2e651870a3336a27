package dev.modelrouter.model;

/** The kind of a failure, with the HTTP status it is reported under. */
public enum ErrorKind {
    /** The request is malformed or asks for something impossible. */
    INVALID_REQUEST(400),
    /** Missing or wrong credentials. */
    AUTHENTICATION(401),
    /** The provider wants payment. */
    BILLING(402),
    /** Credentials valid, action not allowed. */
    PERMISSION(403),
    /** No such model, provider or endpoint. */
    NOT_FOUND(404),
    /** The body is over the size limit. */
    REQUEST_TOO_LARGE(413),
    /** Too many requests. */
    RATE_LIMIT(429),
    /** An internal or upstream server error. */
    API(500),
    /** The upstream could not be reached or answered nonsense. */
    BAD_GATEWAY(502),
    /** The upstream took too long. */
    TIMEOUT(504),
    /** The upstream is overloaded (Anthropic's 529). */
    OVERLOADED(529);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    /** The HTTP status this kind is reported with. */
    public int status() {
        return status;
    }

    /** The kind an upstream HTTP status maps to. */
    public static ErrorKind fromStatus(int status) {
        return switch (status) {
            case 400, 405, 409, 415, 422 -> INVALID_REQUEST;
            case 401 -> AUTHENTICATION;
            case 402 -> BILLING;
            case 403 -> PERMISSION;
            case 404 -> NOT_FOUND;
            case 413 -> REQUEST_TOO_LARGE;
            case 408, 504 -> TIMEOUT;
            case 429 -> RATE_LIMIT;
            case 502 -> BAD_GATEWAY;
            case 503, 529 -> OVERLOADED;
            default -> status >= 500 ? API : INVALID_REQUEST;
        };
    }
}
