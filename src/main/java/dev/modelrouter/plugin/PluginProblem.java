package dev.modelrouter.plugin;

import java.util.Objects;

/**
 * Something wrong with a plugin jar or a {@code transformers} entry.
 *
 * @param jar the jar's file name, or the path as config.json wrote it
 * @param message what is wrong, for the user
 * @param fatal whether startup must stop (a duplicate transformer name); everything else only skips
 *     the plugin, and the daemon runs without it
 */
public record PluginProblem(String jar, String message, boolean fatal) {

    public PluginProblem {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(message, "message");
    }

    static PluginProblem skipped(String jar, String message) {
        return new PluginProblem(jar, message, false);
    }

    @Override
    public String toString() {
        return jar + ": " + message;
    }
}
