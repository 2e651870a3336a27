package dev.modelrouter.protocol;

import dev.modelrouter.model.ToolChoice;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tool_choice} and {@code parallel_tool_calls} as OpenAI Chat and Responses both spell them; only
 * the object naming one function differs between the two, so each passes its own shape in.
 */
public final class FunctionToolChoice {

    private FunctionToolChoice() {}

    /**
     * Writes {@code choice} into {@code body}. A named tool that is not among {@code declared} (a dropped
     * server tool) becomes {@code "auto"}; a declared one is written by {@code named} with its shortened name.
     */
    public static void write(
            ObjectNode body, ToolChoice choice, Set<String> declared, BiConsumer<ObjectNode, String> named) {
        if (choice instanceof ToolChoice.Auto) {
            body.put("tool_choice", "auto");
        } else if (choice instanceof ToolChoice.Any) {
            body.put("tool_choice", "required");
        } else if (choice instanceof ToolChoice.None) {
            body.put("tool_choice", "none");
        } else if (choice instanceof ToolChoice.Named n) {
            if (declared.contains(n.name())) {
                named.accept(body, ToolNames.shorten(n.name()));
            } else {
                body.put("tool_choice", "auto");
            }
        } else {
            throw new IllegalStateException("unhandled tool choice " + choice.getClass().getName());
        }
        if (choice.disableParallel()) {
            body.put("parallel_tool_calls", false);
        }
    }
}
