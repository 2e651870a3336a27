package dev.modelrouter.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The transformers' shared JSON mapper and the few tree operations they need. */
final class Json {

    private Json() {}

    // Built on first use: `router config validate` creates every transformer its config names, and
    // building a mapper first would cost it some 150 ms.
    private static final class Mapper {
        static final JsonMapper INSTANCE = JsonMapper.builder(JsonFactory.builder()
                        .recyclerPool(JsonRecyclerPools.threadLocalPool())
                        .build())
                .build();
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static String write(JsonNode node) {
        return Mapper.INSTANCE.writeValueAsString(node);
    }

    static JsonNode parse(String json) {
        return Mapper.INSTANCE.readTree(json);
    }

    /**
     * Merges {@code patch} into {@code target}: objects merge key by key, recursively; any other value
     * (arrays included) replaces the target's.
     */
    static void deepMerge(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> entry : patch.properties()) {
            JsonNode current = target.get(entry.getKey());
            JsonNode value = entry.getValue();
            if (current instanceof ObjectNode currentObject && value.isObject()) {
                deepMerge(currentObject, value);
            } else {
                target.set(entry.getKey(), value.deepCopy());
            }
        }
    }

    /** The elements of {@code node} that are objects, or nothing when it is not an array. */
    static Iterable<ObjectNode> objects(JsonNode node) {
        List<ObjectNode> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element instanceof ObjectNode object) {
                    out.add(object);
                }
            }
        }
        return out;
    }
}
