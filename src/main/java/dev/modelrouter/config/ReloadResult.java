package dev.modelrouter.config;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of the last attempt to put a config file in force, shown by {@code router status} and
 * {@code GET /api/status}.
 *
 * @param at when the attempt finished
 * @param trigger what caused it: {@code start}, {@code watch}, {@code api}
 * @param ok whether the new config is in force
 * @param restartNeeded whether the file changes {@code HOST} or {@code PORT}, which only a restart applies
 * @param message one line a person can act on
 * @param problems every problem when the file was rejected, each with its JSON path (syntax errors carry
 *     line and column in the message)
 */
public record ReloadResult(
        Instant at, String trigger, boolean ok, boolean restartNeeded, String message, List<ConfigProblem> problems) {

    public ReloadResult {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(message, "message");
        problems = List.copyOf(problems);
    }

    static ReloadResult applied(String trigger, String message) {
        return new ReloadResult(Instant.now(), trigger, true, false, message, List.of());
    }

    static ReloadResult rejected(String trigger, ConfigException e) {
        return new ReloadResult(
                Instant.now(),
                trigger,
                false,
                false,
                "rejected, the previous config stays in force: "
                        + e.getMessage().replace("\n", "; "),
                e.problems());
    }

    static ReloadResult needsRestart(String trigger, String message) {
        return new ReloadResult(Instant.now(), trigger, false, true, message, List.of());
    }
}
