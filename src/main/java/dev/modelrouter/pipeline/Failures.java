package dev.modelrouter.pipeline;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** What an upstream failure means for the next step: retry the same target, move on, or stop. */
final class Failures {

    /** Transient by nature: the same request may well succeed if sent again. */
    private static final Set<Integer> RETRYABLE = Set.of(408, 409, 429, 500, 502, 503, 504, 529);
    /** Specific to this provider (its key, its permissions, its model list): another target may succeed. */
    private static final Set<Integer> PROVIDER_SPECIFIC = Set.of(401, 402, 403, 404);

    private Failures() {}

    static boolean retryable(RouterException e) {
        return RETRYABLE.contains(e.status())
                || e.kind() == ErrorKind.BAD_GATEWAY
                || e.kind() == ErrorKind.TIMEOUT
                || e.kind() == ErrorKind.OVERLOADED;
    }

    /** Whether another target may succeed where this one failed. */
    static boolean tryNext(RouterException e) {
        return retryable(e) || PROVIDER_SPECIFIC.contains(e.status());
    }

    /** Whether the breaker should count it: the provider's fault, not the request's. */
    static boolean providerFault(RouterException e) {
        return retryable(e);
    }

    /** Whether the provider said the prompt is too long for the model. */
    static boolean contextTooLong(RouterException e) {
        if (e.status() != 400 && e.status() != 413 && e.status() != 422) {
            return false;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("context length")
                || m.contains("context_length")
                || m.contains("context window")
                || m.contains("maximum context")
                || m.contains("prompt is too long")
                || m.contains("too many tokens")
                || m.contains("input is too long")
                || m.contains("reduce the length");
    }

    /** The provider's {@code Retry-After} as a duration (seconds or milliseconds form), or {@code null}. */
    static @Nullable Duration retryAfter(RouterException e) {
        String value = e.retryAfter();
        if (value == null) {
            return null;
        }
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
