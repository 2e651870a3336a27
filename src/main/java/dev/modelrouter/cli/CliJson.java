package dev.modelrouter.cli;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON trees for the client commands on the streaming parser and generator alone. Building a
 * databind {@code JsonMapper} (which {@code readTree} and {@code JsonNode.toString} use) costs a
 * client command about 90 ms of its 300 ms budget; the token stream costs a tenth of that.
 */
final class CliJson {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CliJson() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The tree of one JSON document; a syntax error or trailing content is a {@link JacksonException}. */
    static JsonNode read(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new StreamReadException(p, "no JSON content");
            }
            JsonNode node = value(p, first);
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "content after the JSON document");
            }
            return node;
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
            // number nodes of the types databind's readTree makes, so trees compare equal
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
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

    /** Compact JSON. */
    static String write(JsonNode node) {
        return write(node, null);
    }

    /** JSON indented for people, as {@code JsonNode.toPrettyString} writes it. */
    static String pretty(JsonNode node) {
        return write(node, new DefaultPrettyPrinter());
    }

    private static String write(JsonNode node, PrettyPrinter printer) {
        StringWriter out = new StringWriter();
        ObjectWriteContext context = printer == null ? ObjectWriteContext.empty() : new ObjectWriteContext.Base() {
            @Override
            public PrettyPrinter getPrettyPrinter() {
                return printer;
            }

            @Override
            public boolean hasPrettyPrinter() {
                return true;
            }
        };
        try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
            write(g, node);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, JsonNode node) {
        if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                g.writeName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode e : node.values()) {
                write(g, e);
            }
            g.writeEndArray();
        } else if (node.isString()) {
            g.writeString(node.asString());
        } else if (node.isBoolean()) {
            g.writeBoolean(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            g.writeNull();
        } else if (node.isInt() || node.isLong()) {
            g.writeNumber(node.longValue());
        } else if (node.isIntegralNumber()) {
            g.writeNumber(node.bigIntegerValue());
        } else if (node.isDouble() || node.isFloat()) {
            g.writeNumber(node.doubleValue());
        } else if (node.isNumber()) {
            g.writeNumber(node.decimalValue());
        } else {
            g.writeString(node.asString());
        }
    }
}
