package dev.modelrouter.config;

/**
 * Whether a provider accepts an assistant prefill (a request whose last message is the assistant's
 * unfinished answer, which the model then continues): how a fallback is asked to continue a stream
 * that broke mid-answer. Set by {@code resilience.prefill} ({@code true} or {@code false}).
 */
public enum PrefillSupport {
    /** Not configured: decided by the provider's protocol and vendor. */
    AUTO,
    /** Configured {@code true}. */
    YES,
    /** Configured {@code false}: the fallback is asked to continue in a new user turn. */
    NO
}
