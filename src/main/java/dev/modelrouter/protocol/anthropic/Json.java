package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.RouterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shared mapper and path-aware field readers: every failure names the JSON path of the bad value
 * ({@code messages.3.content.0.text: expected a string}) so a client can find it.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .build();
    static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static String at(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    static String at(String parent, int index) {
        return parent + "." + index;
    }

    static RouterException invalid(String path, String problem) {
        return RouterException.invalid(path + ": " + problem);
    }

    static boolean present(JsonNode obj, String field) {
        JsonNode value = obj.get(field);
        return value != null && !value.isNull();
    }

    static ObjectNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw invalid(path, "expected an object");
        }
        return (ObjectNode) node;
    }

    static JsonNode required(JsonNode obj, String field, String path) {
        JsonNode value = obj.get(field);
        if (value == null || value.isNull()) {
            throw invalid(at(path, field), "required");
        }
        return value;
    }

    static String text(JsonNode obj, String field, String path) {
        JsonNode value = required(obj, field, path);
        if (!value.isString()) {
            throw invalid(at(path, field), "expected a string");
        }
        return value.stringValue();
    }

    static @Nullable String optText(JsonNode obj, String field, String path) {
        return present(obj, field) ? text(obj, field, path) : null;
    }

    static ArrayNode array(JsonNode obj, String field, String path) {
        JsonNode value = required(obj, field, path);
        if (!value.isArray()) {
            throw invalid(at(path, field), "expected an array");
        }
        return (ArrayNode) value;
    }

    static ObjectNode object(JsonNode obj, String field, String path) {
        return object(required(obj, field, path), at(path, field));
    }

    static int integer(JsonNode obj, String field, String path) {
        JsonNode value = required(obj, field, path);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(at(path, field), "expected an integer");
        }
        return value.intValue();
    }

    static @Nullable Integer optInteger(JsonNode obj, String field, String path) {
        return present(obj, field) ? integer(obj, field, path) : null;
    }

    static @Nullable Double optNumber(JsonNode obj, String field, String path) {
        if (!present(obj, field)) {
            return null;
        }
        JsonNode value = obj.get(field);
        if (!value.isNumber()) {
            throw invalid(at(path, field), "expected a number");
        }
        return value.doubleValue();
    }

    static boolean optBoolean(JsonNode obj, String field, String path) {
        if (!present(obj, field)) {
            return false;
        }
        JsonNode value = obj.get(field);
        if (!value.isBoolean()) {
            throw invalid(at(path, field), "expected a boolean");
        }
        return value.booleanValue();
    }
}
