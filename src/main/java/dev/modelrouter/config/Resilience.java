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
        int maxConcurrent) {

    /** The defaults. */
    public static final Resilience DEFAULT = new Resilience(
            Duration.ofSeconds(10),
            Duration.ofSeconds(600),
            Duration.ofSeconds(300),
            Duration.ofSeconds(300),
            3,
            Duration.ofMillis(500),
            Duration.ofSeconds(8),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60),
            20,
            5,
            50,
            Duration.ofSeconds(30),
            256);
}
