package dev.modelrouter.config;

import java.time.Duration;

/**
 * How the router protects a request from one provider's failures: timeouts, retries before the
 * first byte reaches the client, a circuit breaker per provider and model, and a concurrency limit.
 * Read from the provider's {@code resilience} object, falling back to the top-level {@code resilience}
 * object, then to these defaults.
 *
 * @param connectTimeout time to open a connection
 * @param headersTimeout time from sending the request to the response headers (a non-streamed answer
 *     arrives whole, so this bounds it too)
 * @param firstEventTimeout time from the response headers to the first body bytes
 * @param idleTimeout the longest silence between two pieces of a streamed answer (slow thinking
 *     models may pause long)
 * @param maxAttempts attempts per target, the first included
 * @param initialBackoff the first pause between attempts; doubled each time, with jitter
 * @param maxBackoff the longest pause between attempts
 * @param maxRetryAfter the longest {@code Retry-After} honoured; longer ones move on to the next target
 * @param retryBudget the longest a request may spend retrying across all its targets
 * @param breakerWindow calls the circuit breaker looks at
 * @param breakerMinCalls calls before it may open
 * @param breakerFailureRate failure percentage that opens it
 * @param breakerOpen how long it stays open before a probe
 * @param maxConcurrent requests in flight to this provider at once
 * @param failoverTimeout with a fallback left, the longest a streamed request waits for a target's
 *     response headers and then for its first bytes before it moves on to the fallback
 * @param prefill whether the provider's models accept an assistant prefill, for continuing a broken stream
 */
public record Resilience(
        Duration connectTimeout,
        Duration headersTimeout,
        Duration firstEventTimeout,
        Duration idleTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        Duration retryBudget,
        int breakerWindow,
        int breakerMinCalls,
        int breakerFailureRate,
        Duration breakerOpen,
        int maxConcurrent,
        Duration failoverTimeout,
        PrefillSupport prefill) {

    /**
     * Streams from every major provider start within seconds: Anthropic sends its message_start at
     * once, OpenAI and DeepSeek their first chunk, OpenRouter keep-alive comments; Gemini with thinking
     * may take longer, and waits its own first_event_timeout_ms when no fallback is left.
     */
    static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    /** The defaults. */
    public static final Resilience DEFAULT = new Resilience(
            Duration.ofSeconds(10),
            Duration.ofSeconds(600),
            Duration.ofSeconds(300),
            // mid-answer, every provider streams: Anthropic pings about every 15 s and streams its thinking,
            // reasoning models stream reasoning tokens or do all their thinking before the first event
            Duration.ofSeconds(45),
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(8),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            20,
            5,
            50,
            Duration.ofSeconds(30),
            256,
            DEFAULT_FAILOVER_TIMEOUT,
            PrefillSupport.AUTO);
}
