package dev.modelrouter.routing;

import org.jspecify.annotations.Nullable;

/**
 * What the custom router script ({@code CUSTOM_ROUTER_PATH}) answered for a request; asked before
 * routing because the script runs in another process.
 */
public sealed interface ScriptAnswer {

    /** The config names no script. */
    record None() implements ScriptAnswer {}

    /**
     * The script answered.
     *
     * @param path the script's path
     * @param target its {@code provider,model}, or {@code null} when it answered nothing (or failed, or
     *     was late; ccr then lets the built-in rules decide)
     */
    record Answered(String path, @Nullable String target) implements ScriptAnswer {}

    /**
     * The config names a script, and {@code router explain} did not run it: the rules after it decide
     * as they would if it answered nothing.
     *
     * @param path the script's path
     */
    record NotRun(String path) implements ScriptAnswer {}
}
