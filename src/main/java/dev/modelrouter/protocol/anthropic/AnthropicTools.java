package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic {@code tools} to and from canonical {@link Tool}s. A custom tool's fields other than name,
 * description, schema and cache breakpoint ({@code defer_loading}, {@code strict}, {@code input_examples},
 * {@code type: "custom"}, ...) travel in {@link Tool.Function#extras()}, so they reach an Anthropic
 * upstream unchanged.
 */
final class AnthropicTools {

    private static final Set<String> FUNCTION_KEYS = Set.of("name", "description", "input_schema", "cache_control");

    private AnthropicTools() {}

    static List<Tool> read(ArrayNode tools) {
        List<Tool> out = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            String path = Json.at("tools", i);
            ObjectNode tool = Json.object(tools.get(i), path);
            String name = Json.text(tool, "name", path);
            String type = Json.optText(tool, "type", path);
            if (type != null && !type.equals("custom") && !tool.has("input_schema")) {
                out.add(new Tool.Server(type, name, tool));
                continue;
            }
            Map<String, JsonNode> extras = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : tool.properties()) {
                if (!FUNCTION_KEYS.contains(field.getKey())) {
                    extras.put(field.getKey(), field.getValue());
                }
            }
            out.add(new Tool.Function(
                    name,
                    Json.optText(tool, "description", path),
                    Json.object(tool, "input_schema", path),
                    AnthropicContent.readCache(tool, path),
                    extras));
        }
        return out;
    }

    static ArrayNode write(List<Tool> tools) {
        ArrayNode out = Json.array();
        tools.forEach(tool -> out.add(write(tool)));
        return out;
    }

    private static JsonNode write(Tool tool) {
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
            function.extras().forEach((key, value) -> {
                if (!FUNCTION_KEYS.contains(key)) {
                    out.set(key, value);
                }
            });
            return out;
        }
        throw new IllegalStateException("unhandled tool " + tool.getClass());
    }
}
