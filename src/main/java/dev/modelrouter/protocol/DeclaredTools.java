package dev.modelrouter.protocol;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Tool;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The checks every request reader makes on the functions a client declares, with the same 400s. */
public final class DeclaredTools {

    private DeclaredTools() {}

    /** Reads one element of {@code tools} into canonical tools. */
    @FunctionalInterface
    public interface Element {
        /** Adds what {@code tool}, the element at {@code index}, declares to {@code out}. */
        void read(JsonNode tool, int index, List<Tool> out);
    }

    /** The request's {@code tools}, each element read by {@code element}; a 400 when it is not an array. */
    public static List<Tool> read(@Nullable JsonNode tools, Element element) {
        List<Tool> out = new ArrayList<>();
        if (tools == null) {
            return out;
        }
        if (!tools.isArray()) {
            throw RouterException.invalid("tools: must be an array");
        }
        for (int i = 0; i < tools.size(); i++) {
            element.read(tools.get(i), i, out);
        }
        return out;
    }

    /** A declared function's name; a 400 naming {@code path} when it is missing or empty. */
    public static String name(@Nullable String name, String path) {
        if (name == null || name.isEmpty()) {
            throw RouterException.invalid(path + ": required");
        }
        return name;
    }

    /** The parameters of a function declared without any: an object with no properties. */
    public static ObjectNode noParameters() {
        ObjectNode schema = WireJson.object().put("type", "object");
        schema.set("properties", WireJson.object());
        return schema;
    }
}
