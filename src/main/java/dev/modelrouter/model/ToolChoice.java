package dev.modelrouter.model;

/** How the model may use the request's tools. */
public sealed interface ToolChoice {

    /** Whether the model must make at most one tool call per turn. */
    boolean disableParallel();

    /**
     * The model decides whether to call a tool.
     *
     * @param disableParallel at most one call per turn
     */
    record Auto(boolean disableParallel) implements ToolChoice {}

    /**
     * The model must call some tool.
     *
     * @param disableParallel at most one call per turn
     */
    record Any(boolean disableParallel) implements ToolChoice {}

    /** The model must not call tools. */
    record None() implements ToolChoice {
        @Override
        public boolean disableParallel() {
            return false;
        }
    }

    /**
     * The model must call the named tool.
     *
     * @param name the tool's name
     * @param disableParallel at most one call per turn
     */
    record Named(String name, boolean disableParallel) implements ToolChoice {}
}
