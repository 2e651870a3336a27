package dev.modelrouter.model;

import org.jspecify.annotations.Nullable;

/** Whether and how the model should reason before it answers. */
public sealed interface Thinking {

    /**
     * Reasoning on, with a token budget (Anthropic {@code enabled}, OpenAI-style effort mapped to a budget).
     *
     * @param budgetTokens the most tokens to spend reasoning
     */
    record Enabled(int budgetTokens) implements Thinking {}

    /**
     * The model decides how much to reason (Anthropic {@code adaptive}); Claude Code sends this on
     * every main turn, so it is not by itself a request for deep thinking.
     *
     * @param display how the reasoning is shown ({@code summarized}, {@code omitted}, ...), or {@code null}
     */
    record Adaptive(@Nullable String display) implements Thinking {}

    /** Reasoning explicitly off. */
    record Disabled() implements Thinking {}
}
