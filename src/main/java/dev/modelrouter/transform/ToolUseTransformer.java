package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tooluse}: for models that answer in prose when they should call a tool, forces a tool call on
 * every turn ({@code tool_choice: required}) and offers an {@code ExitTool} to answer the user with text.
 * In the answer an ExitTool call becomes the text block it carries, and a turn that made no other call
 * ends with {@code end_turn}, so the client never sees ExitTool.
 */
final class ToolUseTransformer implements Transformer {

    static final String EXIT_TOOL = "ExitTool";
    static final String RESPONSE = "response";
    static final Tool.Function EXIT_TOOL_DEFINITION = exitTool();

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("tooluse", new ToolUseTransformer());
    }

    private static Tool.Function exitTool() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode response = schema.putObject("properties").putObject(RESPONSE);
        response.put("type", "string");
        response.put("description", "Your answer to the user, forwarded exactly as written.");
        schema.putArray("required").add(RESPONSE);
        return new Tool.Function(
                EXIT_TOOL,
                "Call this when you are done, or when you want to answer the user with text instead of calling"
                        + " another tool. Only use it when none of the other tools fits the task. Its argument"
                        + " 'response' is shown to the user as your answer.",
                schema,
                null);
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()
                || choice instanceof ToolChoice.None
                || choice instanceof ToolChoice.Named
                || request.tools().stream().anyMatch(t -> t.name().equals(EXIT_TOOL))) {
            return request;
        }
        List<Tool> tools = new ArrayList<>(request.tools());
        tools.add(EXIT_TOOL_DEFINITION);
        boolean disableParallel = choice != null && choice.disableParallel();
        return request.toBuilder()
                .tools(tools)
                .toolChoice(new ToolChoice.Any(disableParallel))
                .build();
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return Flux.defer(() -> {
            ExitToolStream stream = new ExitToolStream();
            return events.concatMapIterable(stream::onEvent);
        });
    }
}
