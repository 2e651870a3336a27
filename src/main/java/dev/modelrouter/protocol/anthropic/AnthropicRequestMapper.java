package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.ToolChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic Messages request bodies to and from {@link ChatRequest}. Top-level fields without a
 * canonical home go to {@link ChatRequest#extensions()} under their wire name and are written back,
 * so an Anthropic body survives the trip through the canonical model. For a field that does have a
 * canonical home, an extension of the same name holds only what the canonical form cannot say: the
 * unknown keys of {@code metadata} and {@code output_config}, and an explicitly empty {@code tools}
 * list (Claude Code's title and count_tokens calls send {@code "tools": []}).
 */
final class AnthropicRequestMapper {

    private static final String METADATA = "metadata";
    private static final String OUTPUT_CONFIG = "output_config";
    private static final String TOOLS = "tools";
    /** The message keys that have a canonical home; the others go to {@link Message#extensions()}. */
    private static final Set<String> MESSAGE_KEYS = Set.of("role", "content");

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
        if (Json.present(body, TOOLS)) {
            ArrayNode tools = Json.array(body, TOOLS, "");
            out.tools(AnthropicTools.read(tools));
            if (tools.isEmpty()) {
                out.extension(TOOLS, tools);
            }
        }
        if (Json.present(body, "tool_choice")) {
            out.toolChoice(readToolChoice(Json.object(body, "tool_choice", "")));
        }
        if (Json.present(body, "thinking")) {
            out.thinking(readThinking(Json.object(body, "thinking", "")));
        }
        if (Json.present(body, OUTPUT_CONFIG)) {
            ObjectNode config = Json.object(body, OUTPUT_CONFIG, "");
            out.effort(Json.optText(config, "effort", OUTPUT_CONFIG));
            if (Json.present(config, "format")) {
                ObjectNode format = Json.object(config, "format", OUTPUT_CONFIG);
                out.responseSchema(Json.object(format, "schema", "output_config.format"));
            }
            keepRest(out, OUTPUT_CONFIG, config, Set.of("effort", "format"));
        }
        if (Json.present(body, METADATA)) {
            ObjectNode metadata = Json.object(body, METADATA, "");
            JsonNode userId = metadata.get("user_id");
            if (userId != null && !userId.isNull()) {
                out.user(userId.isString() ? userId.stringValue() : userId.toString());
            }
            keepRest(out, METADATA, metadata, Set.of("user_id"));
        }
        out.stream(Json.optBoolean(body, "stream", ""));
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!KNOWN.contains(field.getKey())) {
                out.extension(field.getKey(), field.getValue());
            }
        }
        return out.build();
    }

    /** Keeps the keys of {@code object} that have no canonical home, or the object itself when it is empty. */
    private static void keepRest(ChatRequest.Builder out, String field, ObjectNode object, Set<String> mapped) {
        ObjectNode rest = object.deepCopy();
        rest.remove(mapped);
        if (!rest.isEmpty() || object.isEmpty()) {
            out.extension(field, rest);
        }
    }

    /** The kept keys of {@code field} (see {@link #keepRest}) to add the canonical ones to. */
    private static ObjectNode rest(ChatRequest request, String field) {
        JsonNode kept = request.extensions().get(field);
        return kept instanceof ObjectNode object ? object.deepCopy() : Json.object();
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
            m.put("role", message.role().name().toLowerCase(Locale.ROOT));
            if (message.bareText()) {
                m.put("content", ((Content.Text) message.content().get(0)).text());
            } else {
                m.set("content", AnthropicContent.writeList(message.content()));
            }
            message.extensions().forEach(m::set);
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
        ObjectNode config = rest(request, OUTPUT_CONFIG);
        if (request.effort() != null) {
            config.put("effort", request.effort());
        }
        if (request.responseSchema() != null) {
            ObjectNode format = config.putObject("format").put("type", "json_schema");
            format.set("schema", request.responseSchema());
        }
        if (!config.isEmpty() || request.extensions().containsKey(OUTPUT_CONFIG)) {
            out.set(OUTPUT_CONFIG, config);
        }
        if (!request.tools().isEmpty() || request.extensions().containsKey(TOOLS)) {
            out.set(TOOLS, AnthropicTools.write(request.tools()));
        }
        if (request.toolChoice() != null) {
            out.set("tool_choice", writeToolChoice(request.toolChoice()));
        }
        ObjectNode metadata = rest(request, METADATA);
        if (request.user() != null) {
            metadata.put("user_id", request.user());
        }
        if (!metadata.isEmpty() || request.extensions().containsKey(METADATA)) {
            out.set(METADATA, metadata);
        }
        if (request.stream()) {
            out.put("stream", true);
        }
        request.extensions().forEach((key, value) -> {
            if (!KNOWN.contains(key)) {
                out.set(key, value);
            }
        });
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
            JsonNode content = Json.required(message, "content", path);
            Map<String, JsonNode> extensions = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : message.properties()) {
                if (!MESSAGE_KEYS.contains(field.getKey())) {
                    extensions.put(field.getKey(), field.getValue());
                }
            }
            out.add(new Message(
                    canonical,
                    AnthropicContent.readList(content, Json.at(path, "content")),
                    content.isString(),
                    extensions));
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
