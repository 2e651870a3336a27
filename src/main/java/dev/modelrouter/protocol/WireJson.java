package dev.modelrouter.protocol;

import dev.modelrouter.model.RouterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON plumbing shared by the OpenAI-family codecs: one mapper and lenient field readers for wire bodies. */
public final class WireJson {

    // Jackson's buffers are recycled per thread here and in the router's other hot mappers: the JSON work runs
    // on a few event-loop threads, where the default shared deque costs a contended insert and poll per parser.
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private WireJson() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Compact JSON text of a node. */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses JSON text; throws {@link JacksonException} when it is not one complete JSON value. */
    /** A tool call's input as the JSON text an OpenAI {@code arguments} field holds; {@code {}} for one that is not an object. */
    public static String arguments(JsonNode input) {
        return input.isObject() ? write(input) : "{}";
    }

    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /** The parsed value, or {@code null} when the text is not JSON. */
    public static @Nullable JsonNode tryParse(String text) {
        try {
            return parse(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The field's string value, or {@code null} when absent, null or not a string. */
    public static @Nullable String text(@Nullable JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** The field when it is present and not JSON null. */
    public static @Nullable JsonNode field(@Nullable JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The field's int value, or 0 when absent or not a number; see {@link #saturatedInt}. */
    public static int integer(@Nullable JsonNode node, String field) {
        JsonNode value = field(node, field);
        return value != null && value.isNumber() ? saturatedInt(value) : 0;
    }

    /** A client's value that must be an int when present: null when absent, else a 400 naming {@code path}. */
    public static @Nullable Integer requestInt(@Nullable JsonNode value, String path) {
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw RouterException.invalid(path + ": must be an integer");
        }
        return value.intValue();
    }

    /** A client's value that must be a number when present: null when absent, else a 400 naming {@code path}. */
    public static @Nullable Double requestNumber(@Nullable JsonNode value, String path) {
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw RouterException.invalid(path + ": must be a number");
        }
        return value.asDouble();
    }

    /**
     * A number node as an int, held to the int range and truncated toward zero. Jackson 3 throws on a
     * value out of range or with a fraction; a provider or client that sends one must get a clear
     * answer, not an exception from deep inside a reader.
     */
    public static int saturatedInt(JsonNode number) {
        if (number.isIntegralNumber()) {
            if (number.canConvertToLong()) {
                long value = number.longValue();
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
            }
            return number.bigIntegerValue().signum() > 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        }
        double value = number.doubleValue();
        return Double.isNaN(value) ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
