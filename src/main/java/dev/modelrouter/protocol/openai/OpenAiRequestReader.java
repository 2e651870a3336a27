package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.DeclaredTools;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A client's OpenAI Chat Completions body → canonical request. Top-level fields the canonical model
 * has no place for ({@code seed}, {@code presence_penalty}, ...) are kept as {@code openai.<field>}
 * extensions, so an OpenAI upstream still gets them; {@code stream_options} is kept as the
 * {@code stream_options} extension for the client stream writer.
 */
final class OpenAiRequestReader {

    static final String STREAM_OPTIONS = "stream_options";

    private static final Set<String> MAPPED = Set.of(
            "model",
            "messages",
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "max_tokens",
            "max_completion_tokens",
            "temperature",
            "top_p",
            "top_k",
            "stop",
            "stream",
            STREAM_OPTIONS,
            "reasoning_effort",
            "response_format",
            "user",
            "n");

    private OpenAiRequestReader() {}

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw RouterException.invalid("body: must be a JSON object");
        }
        String model = WireJson.text(body, "model");
        if (model == null || model.isEmpty()) {
            throw RouterException.invalid("model: required");
        }
        JsonNode n = WireJson.field(body, "n");
        if (n != null && n.isNumber() && WireJson.saturatedInt(n) > 1) {
            throw RouterException.invalid("n: n > 1 is not supported");
        }
        OpenAiMessageReader.Conversation conversation = OpenAiMessageReader.read(body.get("messages"));
        ChatRequest.Builder request = ChatRequest.builder()
                .model(model)
                .system(conversation.system())
                .messages(conversation.messages())
                .tools(tools(WireJson.field(body, "tools")))
                .toolChoice(toolChoice(body))
                .sampling(sampling(body))
                .effort(WireJson.text(body, "reasoning_effort"))
                .stream(bool(body, "stream"))
                .user(WireJson.text(body, "user"));
        JsonNode format = WireJson.field(body, "response_format");
        String formatType = WireJson.text(format, "type");
        if ("json_schema".equals(formatType)) {
            JsonNode schema = WireJson.field(format.path("json_schema"), "schema");
            if (schema == null) {
                throw RouterException.invalid("response_format.json_schema.schema: required");
            }
            request.responseSchema(schema);
        } else if (format != null && !"text".equals(formatType)) {
            request.extension(OpenAiRequestWriter.EXTENSION_PREFIX + "response_format", format);
        }
        JsonNode streamOptions = WireJson.field(body, STREAM_OPTIONS);
        if (streamOptions != null) {
            request.extension(STREAM_OPTIONS, streamOptions);
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!MAPPED.contains(field.getKey()) && !field.getValue().isNull()) {
                request.extension(OpenAiRequestWriter.EXTENSION_PREFIX + field.getKey(), field.getValue());
            }
        }
        return request.build();
    }

    private static List<Tool> tools(@Nullable JsonNode tools) {
        return DeclaredTools.read(tools, (tool, i, out) -> {
            String type = WireJson.text(tool, "type");
            if (type != null && !type.equals("function")) {
                throw RouterException.invalid("tools." + i + ".type: \"" + type + "\" is not supported");
            }
            JsonNode function = tool.get("function");
            String name = DeclaredTools.name(WireJson.text(function, "name"), "tools." + i + ".function.name");
            JsonNode parameters = WireJson.field(function, "parameters");
            JsonNode strict = WireJson.field(function, "strict");
            out.add(new Tool.Function(
                    name,
                    WireJson.text(function, "description"),
                    parameters != null ? parameters : DeclaredTools.noParameters(),
                    null,
                    strict != null && strict.isBoolean() ? Map.of("strict", strict) : Map.of()));
        });
    }

    private static @Nullable ToolChoice toolChoice(JsonNode body) {
        JsonNode choice = WireJson.field(body, "tool_choice");
        JsonNode parallel = WireJson.field(body, "parallel_tool_calls");
        boolean disableParallel = parallel != null && parallel.isBoolean() && !parallel.booleanValue();
        if (choice == null) {
            return disableParallel ? new ToolChoice.Auto(true) : null;
        }
        if (choice.isString()) {
            switch (choice.stringValue()) {
                case "auto":
                    return new ToolChoice.Auto(disableParallel);
                case "required":
                    return new ToolChoice.Any(disableParallel);
                case "none":
                    return new ToolChoice.None();
                default:
                    throw RouterException.invalid("tool_choice: \"" + choice.stringValue() + "\" is not supported");
            }
        }
        String name = WireJson.text(choice.path("function"), "name");
        if (name == null) {
            throw RouterException.invalid("tool_choice.function.name: required");
        }
        return new ToolChoice.Named(name, disableParallel);
    }

    private static Sampling sampling(JsonNode body) {
        Integer maxTokens = integer(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = integer(body, "max_tokens");
        }
        List<String> stop = new ArrayList<>();
        JsonNode stopNode = WireJson.field(body, "stop");
        if (stopNode != null && stopNode.isString()) {
            stop.add(stopNode.stringValue());
        } else if (stopNode != null && stopNode.isArray()) {
            for (int i = 0; i < stopNode.size(); i++) {
                if (!stopNode.get(i).isString()) {
                    throw RouterException.invalid("stop." + i + ": must be a string");
                }
                stop.add(stopNode.get(i).stringValue());
            }
        } else if (stopNode != null) {
            throw RouterException.invalid("stop: must be a string or an array of strings");
        }
        return new Sampling(
                maxTokens, number(body, "temperature"), number(body, "top_p"), integer(body, "top_k"), stop);
    }

    private static @Nullable Integer integer(JsonNode body, String field) {
        return WireJson.requestInt(WireJson.field(body, field), field);
    }

    private static @Nullable Double number(JsonNode body, String field) {
        return WireJson.requestNumber(WireJson.field(body, field), field);
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = WireJson.field(body, field);
        return value != null && value.asBoolean(false);
    }
}
