package dev.modelrouter.model;

/** Why the model stopped. */
public enum StopReason {
    /** It finished its answer. */
    END_TURN,
    /** It hit the token limit; the answer is incomplete. */
    MAX_TOKENS,
    /** It wants the client to run the tool calls it made. */
    TOOL_USE,
    /** It produced one of the request's stop sequences. */
    STOP_SEQUENCE,
    /** A server tool loop paused; the client resends to continue. */
    PAUSE_TURN,
    /** It declined to answer (content policy). */
    REFUSAL,
    /** The conversation no longer fits the model's context window. */
    MODEL_CONTEXT_WINDOW_EXCEEDED
}
