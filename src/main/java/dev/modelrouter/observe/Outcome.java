package dev.modelrouter.observe;

/** How a request ended; the {@code outcome} tag and log field. */
public enum Outcome {
    /** The client got an answer (including a relayed upstream answer with a 2xx/3xx status). */
    OK("ok"),
    /** The request was refused before or by routing: bad body, unknown provider, auth. */
    CLIENT_ERROR("client_error"),
    /** No upstream answered, or the one serving failed (status, transport, in-stream error). */
    UPSTREAM_ERROR("upstream_error"),
    /** The client went away before the answer ended. */
    CANCELLED("cancelled");

    private final String tag;

    Outcome(String tag) {
        this.tag = tag;
    }

    /** The tag value. */
    public String tag() {
        return tag;
    }

    /**
     * The outcome a status implies when nothing more is known: below 400 ok, 4xx client error, the rest
     * upstream error. A 4xx relayed from the provider is still the client's request being refused.
     */
    public static Outcome ofStatus(int status) {
        if (status < 400) {
            return OK;
        }
        return status < 500 ? CLIENT_ERROR : UPSTREAM_ERROR;
    }

    /** Whether the request counts as an error in the usage ledger (cancellations do not). */
    public boolean isError() {
        return this == CLIENT_ERROR || this == UPSTREAM_ERROR;
    }
}
