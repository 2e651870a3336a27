package dev.modelrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What one load found: errors (reject the config), warnings and recognised-but-inactive keys. */
final class Findings {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> warnedPaths = new ArrayList<>();
    private final List<String> inactive = new ArrayList<>();

    /** {@code parent.name}, or {@code parent['odd name']} when the name is not an identifier. */
    static String field(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** {@code parent[index]}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    void error(String path, String message) {
        errors.add(new ConfigProblem(path, message));
    }

    void warn(String path, String message) {
        warnings.add(path + ": " + message);
        warnedPaths.add(path);
    }

    void inactive(String path) {
        inactive.add(path);
    }

    /** Whether a warning was already given for {@code path} or anything below it. */
    boolean warnedAt(String path) {
        return warnedPaths.stream()
                .anyMatch(p -> p.equals(path) || p.startsWith(path + "[") || p.startsWith(path + "."));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConfigProblem> errors() {
        return List.copyOf(errors);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    List<String> inactive() {
        return List.copyOf(inactive);
    }
}
