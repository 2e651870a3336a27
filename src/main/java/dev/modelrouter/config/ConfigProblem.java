package dev.modelrouter.config;

/**
 * One reason a config was rejected.
 *
 * @param path JSON path of the offending value, such as {@code $.Router.think}; {@code $} for the
 *     whole document (syntax errors, unreadable file)
 * @param message what is wrong and how to fix it
 */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path.equals("$") ? message : path + ": " + message;
    }
}
