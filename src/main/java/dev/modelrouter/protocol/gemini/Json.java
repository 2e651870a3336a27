package dev.modelrouter.protocol.gemini;

import dev.modelrouter.protocol.WireJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec's JSON plumbing: one mapper and lenient field readers. Gemini's REST surface is proto JSON,
 * which accepts {@code snake_case} field names as well as {@code camelCase}, so readers look up both.
 */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Compact JSON text of a node. */
    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON text; throws {@link JacksonException} when it is not one complete JSON value. */
    static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** The parsed value, or {@code null} when the text is not JSON. */
    static @Nullable JsonNode tryParse(String text) {
        try {
            return parse(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * The field ({@code camelCase} name, or its {@code snake_case} twin) when present and not JSON null.
     */
    static @Nullable JsonNode field(@Nullable JsonNode node, String camel) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(camel);
        if (value == null) {
            String snake = snake(camel);
            if (!snake.equals(camel)) {
                value = node.get(snake);
            }
        }
        return value == null || value.isNull() ? null : value;
    }

    /** The field's string value, or {@code null} when absent, null or not a string. */
    static @Nullable String text(@Nullable JsonNode node, String camel) {
        JsonNode value = field(node, camel);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** The field's int value, or 0 when absent or not a number. */
    static int integer(@Nullable JsonNode node, String camel) {
        JsonNode value = field(node, camel);
        return value != null && value.isNumber() ? WireJson.saturatedInt(value) : 0;
    }

    /** Whether the field is the boolean {@code true}. */
    static boolean isTrue(@Nullable JsonNode node, String camel) {
        JsonNode value = field(node, camel);
        return value != null && value.isBoolean() && value.booleanValue();
    }

    /** The field as an array, or an empty array when absent or not an array. */
    static JsonNode elements(@Nullable JsonNode node, String camel) {
        JsonNode value = field(node, camel);
        return value != null && value.isArray() ? value : MAPPER.createArrayNode();
    }

    static String snake(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
