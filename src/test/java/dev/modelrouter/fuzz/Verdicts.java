package dev.modelrouter.fuzz;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.model.RouterException;

/**
 * What a parser may do with bad input: answer, or refuse with the error meant for people. Anything
 * else (a NullPointerException, a ClassCastException, an IllegalStateException, a Jackson error that
 * escaped) is a bug that a client would see as a 500 or a dropped connection.
 */
final class Verdicts {

    private Verdicts() {}

    /** Runs {@code step}; a clear refusal is fine, anything else is rethrown as the failure it is. */
    static void refusesClearly(String input, Runnable step) {
        try {
            step.run();
        } catch (RouterException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a message for input: " + shorten(input), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(e.getClass().getName() + " for input: " + shorten(input), e);
        }
    }

    /** As {@link #refusesClearly} for a request: the refusal must be a client error (4xx). */
    static void refusesAsClientError(String input, Runnable step) {
        try {
            step.run();
        } catch (RouterException e) {
            if (e.status() < 400 || e.status() >= 500) {
                throw new AssertionError(
                        "status " + e.status() + " (" + e.getMessage() + ") for input: " + shorten(input), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(e.getClass().getName() + " for input: " + shorten(input), e);
        }
    }

    /** As {@link #refusesClearly} for config text: the only refusal is a {@link ConfigException}. */
    static void refusesConfigClearly(String input, ConfigStep step) {
        try {
            step.run();
        } catch (ConfigException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a config refusal without a message for input: " + shorten(input), e);
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(e.getClass().getName() + " for input: " + shorten(input), e);
        }
    }

    static String shorten(String input) {
        return input.length() <= 2000 ? input : input.substring(0, 2000) + "… (" + input.length() + " chars)";
    }

    @FunctionalInterface
    interface ConfigStep {
        void run() throws ConfigException;
    }
}
