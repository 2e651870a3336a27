package dev.modelrouter.protocol;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} as OpenAI Chat and Responses both
 * write them: the same walk over the tools and the same rules for the choice. Only the spelling of one
 * function, one server tool and one named choice differs between the two, so each passes its own in.
 *
 * @param function fills a new element of {@code tools} with a function (see {@link #describe})
 * @param server adds a server tool to {@code tools}, or nothing where the protocol has no such tool
 * @param named writes the {@code tool_choice} that names one declared function, by its shortened name
 */
public record FunctionTools(
        BiConsumer<ObjectNode, Tool.Function> function,
        BiConsumer<ArrayNode, Tool.Server> server,
        BiConsumer<ObjectNode, String> named) {

    /** Writes the request's tools and tool choice into {@code body}; nothing when no tool is left. */
    public void write(ChatRequest request, ObjectNode body) {
        ArrayNode tools = WireJson.array();
        Set<String> declared = new HashSet<>();
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Function f) {
                function.accept(tools.addObject(), f);
                declared.add(f.name());
            } else if (tool instanceof Tool.Server s) {
                server.accept(tools, s);
            } else {
                throw new IllegalStateException(
                        "unhandled tool " + tool.getClass().getName());
            }
        }
        if (tools.isEmpty()) {
            return;
        }
        body.set("tools", tools);
        ToolChoice choice = request.toolChoice();
        if (choice != null) {
            writeChoice(body, choice, declared);
        }
    }

    /** A function's shortened name, description and parameters, as both protocols spell them; {@code target} back. */
    public static ObjectNode describe(ObjectNode target, Tool.Function function) {
        target.put("name", ToolNames.shorten(function.name()));
        if (function.description() != null) {
            target.put("description", function.description());
        }
        target.set("parameters", function.inputSchema());
        return target;
    }

    /**
     * A named tool that is not among {@code declared} (a dropped server tool) becomes {@code "auto"}; a
     * declared one is written by {@link #named} with its shortened name.
     */
    private void writeChoice(ObjectNode body, ToolChoice choice, Set<String> declared) {
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
            throw new IllegalStateException(
                    "unhandled tool choice " + choice.getClass().getName());
        }
        if (choice.disableParallel()) {
            body.put("parallel_tool_calls", false);
        }
    }
}
