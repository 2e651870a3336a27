package dev.modelrouter.config;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Reads a {@code resilience} object over a base (the top-level one, or the defaults). */
final class ResilienceReader {

    private static final Set<String> KNOWN = Set.of(
            "connect_timeout_ms",
            "headers_timeout_ms",
            "first_event_timeout_ms",
            "idle_timeout_ms",
            "max_attempts",
            "backoff_ms",
            "max_backoff_ms",
            "max_retry_after_ms",
            "retry_budget_ms",
            "breaker_window",
            "breaker_min_calls",
            "breaker_failure_rate",
            "breaker_open_ms",
            "max_concurrency",
            "failover_timeout_ms",
            "prefill");

    private final Findings findings;
    private final ValueReader values;

    ResilienceReader(Findings findings) {
        this.findings = findings;
        this.values = new ValueReader(findings);
    }

    Resilience read(JsonNode node, String path, Resilience base) {
        if (ValueReader.absent(node)) {
            return base;
        }
        if (!node.isObject()) {
            findings.error(
                    path,
                    "expected an object such as {\"idle_timeout_ms\": 300000, \"max_attempts\": 3}, got "
                            + ValueReader.show(node));
            return base;
        }
        for (String key : node.propertyNames()) {
            if (!KNOWN.contains(key)) {
                findings.warn(
                        Findings.field(path, key),
                        "unknown resilience key '" + key + "' ignored (known: "
                                + KNOWN.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        return new Resilience(
                ms(node, path, "connect_timeout_ms", base.connectTimeout()),
                ms(node, path, "headers_timeout_ms", base.headersTimeout()),
                ms(node, path, "first_event_timeout_ms", base.firstEventTimeout()),
                ms(node, path, "idle_timeout_ms", base.idleTimeout()),
                count(node, path, "max_attempts", 1, 10, base.maxAttempts()),
                ms(node, path, "backoff_ms", base.initialBackoff()),
                ms(node, path, "max_backoff_ms", base.maxBackoff()),
                ms(node, path, "max_retry_after_ms", base.maxRetryAfter()),
                ms(node, path, "retry_budget_ms", base.retryBudget()),
                count(node, path, "breaker_window", 1, 10_000, base.breakerWindow()),
                count(node, path, "breaker_min_calls", 1, 10_000, base.breakerMinCalls()),
                count(node, path, "breaker_failure_rate", 1, 100, base.breakerFailureRate()),
                ms(node, path, "breaker_open_ms", base.breakerOpen()),
                count(node, path, "max_concurrency", 1, 100_000, base.maxConcurrent()),
                ms(node, path, "failover_timeout_ms", base.failoverTimeout()),
                prefill(node, path, base.prefill()));
    }

    private Duration ms(JsonNode node, String path, String key, Duration fallback) {
        return Duration.ofMillis(
                values.integer(node.path(key), Findings.field(path, key), 1, 86_400_000L, fallback.toMillis()));
    }

    private PrefillSupport prefill(JsonNode node, String path, PrefillSupport fallback) {
        JsonNode value = node.path("prefill");
        if (ValueReader.absent(value)) {
            return fallback;
        }
        return values.bool(value, Findings.field(path, "prefill"), false) ? PrefillSupport.YES : PrefillSupport.NO;
    }

    private int count(JsonNode node, String path, String key, int min, int max, int fallback) {
        return (int) values.integer(node.path(key), Findings.field(path, key), min, max, fallback);
    }
}
