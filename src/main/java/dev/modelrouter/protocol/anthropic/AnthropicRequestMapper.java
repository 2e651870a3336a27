package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages request bodies to and from {@link ChatRequest}. Top-level fields without a
 * canonical home go to {@link ChatRequest#extensions()} under their wire name and are written back,
 * so an Anthropic body survives the trip through the canonical model.
 */
final class AnthropicRequestMapper {

    private static final Set<String> KNOWN = Set.of(
            "model",
            "max_tokens",
            "messages",
            "system",
            "stop_sequences",
            "stream",
            "temperature",
            "top_p",
            "top_k",
            "thinking",
            "output_config",
            "tools",
            "tool_choice",
            "metadata");

    private AnthropicRequestMapper() {}

    /**
     * Reads a request body.
     *
     * @param requireMaxTokens {@code true} for a create call, {@code false} for {@code count_tokens}
     */
    static ChatRequest read(JsonNode node, boolean requireMaxTokens) {
        ObjectNode body = Json.object(node, "body");
        ChatRequest.Builder out = ChatRequest.builder()
                .model(Json.text(body, "model", ""))
                .messages(readMessages(Json.array(body, "messages", "")));
        Integer maxTokens = requireMaxTokens
                ? Integer.valueOf(Json.integer(body, "max_tokens", ""))
                : Json.optInteger(body, "max_tokens", "");
        out.sampling(new Sampling(
                maxTokens,
                Json.optNumber(body, "temperature", ""),
                Json.optNumber(body, "top_p", ""),
                Json.optInteger(body, "top_k", ""),
                readStrings(body, "stop_sequences")));
        if (Json.present(body, "system")) {
            out.system(readSystem(body.get("system")));
        }
        if (Json.present(body, "tools")) {
            out.tools(readTools(Json.array(body, "tools", "")));
        }
        if (Json.present(body, "tool_choice")) {
            out.toolChoice(readToolChoice(Json.object(body, "tool_choice", "")));
        }
        if (Json.present(body, "thinking")) {
            out.thinking(readThinking(Json.object(body, "thinking", "")));
        }
        if (Json.present(body, "output_config")) {
            ObjectNode config = Json.object(body, "output_config", "");
            out.effort(Json.optText(config, "effort", "output_config"));
            if (Json.present(config, "format")) {
                ObjectNode format = Json.object(config, "format", "output_config");
                out.responseSchema(Json.object(format, "schema", "output_config.format"));
            }
        }
        if (Json.present(body, "metadata")) {
            JsonNode userId = Json.object(body, "metadata", "").get("user_id");
            if (userId != null && !userId.isNull()) {
                out.user(userId.isString() ? userId.stringValue() : userId.toString());
            }
        }
        out.stream(Json.optBoolean(body, "stream", ""));
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                out.extension(field.getKey(), field.getValue());
            }
        }
        return out.build();
    }

    static ObjectNode write(ChatRequest request) {
        ObjectNode out = Json.object();
        out.put("model", request.model());
        Sampling sampling = request.sampling();
        if (sampling.maxTokens() != null) {
            out.put("max_tokens", sampling.maxTokens().intValue());
        }
        if (!request.system().isEmpty()) {
            out.set("system", AnthropicContent.writeList(request.system()));
        }
        ArrayNode messages = out.putArray("messages");
        for (Message message : request.messages()) {
            ObjectNode m = messages.addObject();
            m.put("role", message.role().name().toLowerCase(java.util.Locale.ROOT));
            m.set("content", AnthropicContent.writeList(message.content()));
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = out.putArray("stop_sequences");
            sampling.stop().forEach(stop::add);
        }
        if (sampling.temperature() != null) {
            out.put("temperature", sampling.temperature().doubleValue());
        }
        if (sampling.topP() != null) {
            out.put("top_p", sampling.topP().doubleValue());
        }
        if (sampling.topK() != null) {
            out.put("top_k", sampling.topK().intValue());
        }
        if (request.thinking() != null) {
            out.set("thinking", writeThinking(request.thinking()));
        }
        if (request.effort() != null || request.responseSchema() != null) {
            ObjectNode config = out.putObject("output_config");
            if (request.effort() != null) {
                config.put("effort", request.effort());
            }
            if (request.responseSchema() != null) {
                ObjectNode format = config.putObject("format").put("type", "json_schema");
                format.set("schema", request.responseSchema());
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = out.putArray("tools");
            request.tools().forEach(tool -> tools.add(writeTool(tool)));
        }
        if (request.toolChoice() != null) {
            out.set("tool_choice", writeToolChoice(request.toolChoice()));
        }
        if (request.user() != null) {
            out.putObject("metadata").put("user_id", request.user());
        }
        if (request.stream()) {
            out.put("stream", true);
        }
        request.extensions().forEach(out::set);
        return out;
    }

    private static List<Message> readMessages(ArrayNode messages) {
        List<Message> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            String path = Json.at("messages", i);
            ObjectNode message = Json.object(messages.get(i), path);
            String role = Json.text(message, "role", path);
            Role canonical;
            switch (role) {
                case "user":
                    canonical = Role.USER;
                    break;
                case "assistant":
                    canonical = Role.ASSISTANT;
                    break;
                case "system":
                    canonical = Role.SYSTEM;
                    break;
                default:
                    throw Json.invalid(Json.at(path, "role"), "unknown role '" + role + "'");
            }
            List<Content> content =
                    AnthropicContent.readList(Json.required(message, "content", path), Json.at(path, "content"));
            out.add(new Message(canonical, content));
        }
        return out;
    }

    private static List<Content.Text> readSystem(JsonNode system) {
        List<Content> blocks = AnthropicContent.readList(system, "system");
        List<Content.Text> out = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            if (!(blocks.get(i) instanceof Content.Text text)) {
                throw Json.invalid(Json.at("system", i), "expected a text block");
            }
            out.add(text);
        }
        return out;
    }

    private static List<String> readStrings(ObjectNode body, String field) {
        if (!Json.present(body, field)) {
            return List.of();
        }
        ArrayNode array = Json.array(body, field, "");
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isString()) {
                throw Json.invalid(Json.at(field, i), "expected a string");
            }
            out.add(array.get(i).stringValue());
        }
        return out;
    }

    private static List<Tool> readTools(ArrayNode tools) {
        List<Tool> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String path = Json.at("tools", i);
            ObjectNode tool = Json.object(tools.get(i), path);
            String name = Json.text(tool, "name", path);
            String type = Json.optText(tool, "type", path);
            if (type != null && !type.equals("custom") && !tool.has("input_schema")) {
                out.add(new Tool.Server(type, name, tool));
            } else {
                out.add(new Tool.Function(
                        name,
                        Json.optText(tool, "description", path),
                        Json.object(tool, "input_schema", path),
                        AnthropicContent.readCache(tool, path)));
            }
        }
        return out;
    }

    private static JsonNode writeTool(Tool tool) {
        if (tool instanceof Tool.Server server) {
            return server.definition();
        }
        if (tool instanceof Tool.Function function) {
            ObjectNode out = Json.object().put("name", function.name());
            if (function.description() != null) {
                out.put("description", function.description());
            }
            out.set("input_schema", function.inputSchema());
            AnthropicContent.writeCache(out, function.cache());
            return out;
        }
        throw new IllegalStateException("unhandled tool " + tool.getClass());
    }

    private static ToolChoice readToolChoice(ObjectNode choice) {
        String path = "tool_choice";
        String type = Json.text(choice, "type", path);
        boolean disableParallel = Json.optBoolean(choice, "disable_parallel_tool_use", path);
        switch (type) {
            case "auto":
                return new ToolChoice.Auto(disableParallel);
            case "any":
                return new ToolChoice.Any(disableParallel);
            case "tool":
                return new ToolChoice.Named(Json.text(choice, "name", path), disableParallel);
            case "none":
                return new ToolChoice.None();
            default:
                throw Json.invalid(Json.at(path, "type"), "unknown tool choice '" + type + "'");
        }
    }

    private static ObjectNode writeToolChoice(ToolChoice choice) {
        ObjectNode out = Json.object();
        if (choice instanceof ToolChoice.Auto) {
            out.put("type", "auto");
        } else if (choice instanceof ToolChoice.Any) {
            out.put("type", "any");
        } else if (choice instanceof ToolChoice.Named named) {
            out.put("type", "tool").put("name", named.name());
        } else if (choice instanceof ToolChoice.None) {
            out.put("type", "none");
        } else {
            throw new IllegalStateException("unhandled tool choice " + choice.getClass());
        }
        if (choice.disableParallel()) {
            out.put("disable_parallel_tool_use", true);
        }
        return out;
    }

    private static Thinking readThinking(ObjectNode thinking) {
        String path = "thinking";
        String type = Json.text(thinking, "type", path);
        switch (type) {
            case "enabled":
                return new Thinking.Enabled(Json.integer(thinking, "budget_tokens", path));
            case "adaptive":
                return new Thinking.Adaptive(Json.optText(thinking, "display", path));
            case "disabled":
                return new Thinking.Disabled();
            default:
                throw Json.invalid(Json.at(path, "type"), "unknown thinking type '" + type + "'");
        }
    }

    private static ObjectNode writeThinking(Thinking thinking) {
        ObjectNode out = Json.object();
        if (thinking instanceof Thinking.Enabled enabled) {
            out.put("type", "enabled").put("budget_tokens", enabled.budgetTokens());
        } else if (thinking instanceof Thinking.Adaptive adaptive) {
            out.put("type", "adaptive");
            if (adaptive.display() != null) {
                out.put("display", adaptive.display());
            }
        } else if (thinking instanceof Thinking.Disabled) {
            out.put("type", "disabled");
        } else {
            throw new IllegalStateException("unhandled thinking " + thinking.getClass());
        }
        return out;
    }
}
