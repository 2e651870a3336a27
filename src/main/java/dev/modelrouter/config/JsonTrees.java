package dev.modelrouter.config;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees built from Jackson's token stream, without a databind mapper: building a
 * {@code JsonMapper} costs a client command, and the daemon before Spring starts, some 100 ms that
 * reading a config file or a daemon's answer does not need. The trees equal databind's
 * {@code readTree} results (same node types, last duplicate name wins).
 */
public final class JsonTrees {

    /** Strict JSON. */
    public static final JsonFactory JSON = new JsonFactory();

    /**
     * ccr parses config.json with JSON5, so the lenient syntax users rely on (comments, trailing commas,
     * single quotes, unquoted names, {@code +1}, {@code .5}, {@code NaN}) is accepted here too.
     */
    public static final JsonFactory JSON5 = JsonFactory.builder()
            .enable(
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            .build();

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {}

    /** A parser of {@code text} in the syntax of {@code factory}. */
    public static JsonParser parser(JsonFactory factory, String text) {
        return factory.createParser(ObjectReadContext.empty(), text);
    }

    /**
     * The tree of one document.
     *
     * @throws tools.jackson.core.JacksonException on a syntax error (with its location), no content,
     *     or content after the document
     */
    public static JsonNode read(JsonFactory factory, String text) {
        try (JsonParser p = parser(factory, text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new StreamReadException(p, "no JSON content");
            }
            JsonNode node = value(p, first);
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "Trailing token (of type " + p.currentToken() + ") found after value");
            }
            return node;
        }
    }

    private static JsonNode number(JsonParser p, JsonToken t) {
        try {
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                return NODES.numberNode(p.getDoubleValue());
            }
            switch (p.getNumberType()) {
                case INT:
                    return NODES.numberNode(p.getIntValue());
                case LONG:
                    return NODES.numberNode(p.getLongValue());
                default:
                    return NODES.numberNode(p.getBigIntegerValue());
            }
        } catch (NumberFormatException e) {
            // JSON5 number forms the lenient parser accepts as tokens but cannot convert ("+.e", "0x").
            throw new StreamReadException(p, "not a number: " + p.getString());
        }
    }

    private static JsonNode value(JsonParser p, JsonToken t) {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(value(p, e));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getString());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p, t);
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new StreamReadException(p, "unexpected JSON token " + t);
        }
    }
}
