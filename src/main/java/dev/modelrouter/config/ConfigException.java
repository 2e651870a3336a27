package dev.modelrouter.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config that cannot be used, with every problem found (not just the first). */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final transient List<ConfigProblem> problems;
    private final transient List<String> warnings;

    /**
     * @param source the file name shown before each problem, such as {@code config.json}
     * @param problems at least one problem
     * @param warnings warnings found along the way, for tools that show them next to the errors
     */
    public ConfigException(String source, List<ConfigProblem> problems, List<String> warnings) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** The file name the problems refer to. */
    public String source() {
        return source;
    }

    /** Every problem, in document order as far as possible. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** Warnings collected before the config was rejected. */
    public List<String> warnings() {
        return warnings;
    }

    private static String format(String source, List<ConfigProblem> problems) {
        return problems.stream().map(p -> source + ": " + p).collect(Collectors.joining("\n"));
    }
}
