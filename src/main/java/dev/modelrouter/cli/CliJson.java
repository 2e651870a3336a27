package dev.modelrouter.cli;

import dev.modelrouter.config.JsonTrees;
import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON for the client commands on the streaming parser ({@link JsonTrees}) and generator alone.
 * Building a databind {@code JsonMapper} (which {@code readTree} and {@code JsonNode.toString} use)
 * costs a client command about 90 ms of its 300 ms budget; the token stream costs a tenth of that.
 */
final class CliJson {

    private static final JsonFactory FACTORY = JsonTrees.JSON;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CliJson() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The tree of one JSON document; a syntax error or trailing content is a {@link JacksonException}. */
    static JsonNode read(String text) {
        return JsonTrees.read(JsonTrees.JSON, text);
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
        ObjectWriteContext context = printer == null
                ? ObjectWriteContext.empty()
                : new ObjectWriteContext.Base() {
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
