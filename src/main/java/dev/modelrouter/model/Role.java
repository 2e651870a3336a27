package dev.modelrouter.model;

/** Who authored a {@link Message}. */
public enum Role {
    /** The person or the client acting for them; tool results travel in user turns. */
    USER,
    /** The model. */
    ASSISTANT,
    /**
     * A system note inside the conversation (Claude Code sends environment notes this way); the
     * top-level system prompt lives in {@link ChatRequest#system()}.
     */
    SYSTEM
}
