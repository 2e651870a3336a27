package dev.modelrouter.protocol.gemini;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Makes tool and answer schemas acceptable to Gemini (protocols.md 4, pitfall 12). Two forms:
 * {@link #jsonSchema} for {@code parametersJsonSchema}/{@code responseJsonSchema}, which take real JSON
 * Schema but still reject {@code $schema}, {@code $id} and {@code $comment}; and {@link #legacy} for the
 * older {@code parameters} field, an OpenAPI subset that 400s on every unknown keyword
 * (https://github.com/router-for-me/CLIProxyAPI/issues/97). Keywords are only touched at schema
 * positions, so a property that happens to be called {@code $schema} survives.
 */
final class SchemaScrubber {

    private static final Set<String> STRIPPED = Set.of("$schema", "$id", "$comment");
    private static final Set<String> SCHEMA_VALUED = Set.of(
            "items",
            "additionalProperties",
            "not",
            "if",
            "then",
            "else",
            "contains",
            "propertyNames",
            "unevaluatedProperties",
            "unevaluatedItems",
            "additionalItems");
    private static final Set<String> SCHEMA_ARRAYS = Set.of("anyOf", "oneOf", "allOf", "prefixItems", "items");
    private static final Set<String> SCHEMA_MAPS =
            Set.of("properties", "patternProperties", "$defs", "definitions", "dependentSchemas");

    /** Keywords the legacy {@code parameters} form accepts and that are copied unchanged. */
    private static final Set<String> LEGACY_PLAIN = Set.of(
            "title",
            "description",
            "nullable",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "minLength",
            "maxLength",
            "pattern",
            "example",
            "propertyOrdering",
            "default",
            "minimum",
            "maximum");

    private static final Set<String> LEGACY_FORMATS = Set.of("enum", "date-time");
    private static final int MAX_DEPTH = 32;

    private SchemaScrubber() {}

    /** A copy of a JSON Schema without the keywords {@code parametersJsonSchema} still rejects. */
    static JsonNode jsonSchema(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (STRIPPED.contains(key)) {
                continue;
            }
            if (SCHEMA_MAPS.contains(key) && value.isObject()) {
                ObjectNode map = out.putObject(key);
                value.properties().forEach(e -> map.set(e.getKey(), jsonSchema(e.getValue())));
            } else if (SCHEMA_ARRAYS.contains(key) && value.isArray()) {
                ArrayNode list = out.putArray(key);
                value.forEach(item -> list.add(jsonSchema(item)));
            } else if (SCHEMA_VALUED.contains(key)) {
                out.set(key, jsonSchema(value));
            } else {
                out.set(key, value);
            }
        }
        return out;
    }

    /** Whether a tool's input schema declares any argument; Gemini rejects an empty OBJECT schema. */
    static boolean hasArguments(JsonNode schema) {
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject() && !properties.isEmpty()) {
            return true;
        }
        return schema.has("anyOf") || schema.has("oneOf") || schema.has("allOf") || schema.has("$ref");
    }

    /**
     * The legacy {@code parameters} form of a tool's input schema, or {@code null} when the tool takes no
     * arguments (an OBJECT with empty {@code properties} is rejected, so the field must be omitted).
     */
    static @Nullable ObjectNode legacy(JsonNode schema) {
        ObjectNode defs = Json.object();
        for (String key : new String[] {"definitions", "$defs"}) {
            JsonNode found = schema.get(key);
            if (found != null && found.isObject()) {
                defs.setAll((ObjectNode) found);
            }
        }
        ObjectNode out = legacyNode(schema, defs, new ArrayDeque<>());
        if (!out.has("type") && !out.has("anyOf")) {
            out.put("type", "OBJECT");
        }
        JsonNode properties = out.get("properties");
        if ((properties == null || properties.isEmpty()) && !out.has("anyOf")) {
            return null;
        }
        return out;
    }

    private static ObjectNode legacyNode(JsonNode schema, ObjectNode defs, Deque<String> refs) {
        if (!schema.isObject() || refs.size() > MAX_DEPTH) {
            return Json.object();
        }
        String ref = schema.path("$ref").isString() ? schema.get("$ref").stringValue() : null;
        if (ref != null) {
            return resolve(schema, ref, defs, refs);
        }
        ObjectNode source = mergeAllOf(schema, defs, refs);
        ObjectNode out = Json.object();
        copyType(source, out);
        for (Map.Entry<String, JsonNode> entry : source.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (LEGACY_PLAIN.contains(key)) {
                out.set(key, value);
            } else if (key.equals("properties") && value.isObject() && !value.isEmpty()) {
                ObjectNode properties = out.putObject("properties");
                value.properties().forEach(e -> properties.set(e.getKey(), legacyNode(e.getValue(), defs, refs)));
            } else if (key.equals("items")) {
                JsonNode item = value.isArray() ? value.path(0) : value;
                if (item.isObject()) {
                    out.set("items", legacyNode(item, defs, refs));
                }
            } else if (key.equals("examples") && value.isArray() && !value.isEmpty() && !source.has("example")) {
                out.set("example", value.get(0));
            }
        }
        numericBound(source, "exclusiveMinimum", "minimum", out);
        numericBound(source, "exclusiveMaximum", "maximum", out);
        copyEnum(source, out);
        copyFormat(source, out);
        copyRequired(source, out);
        copyAnyOf(source, defs, refs, out);
        if (!out.has("type") && !out.has("anyOf")) {
            if (out.has("properties")) {
                out.put("type", "OBJECT");
            } else if (out.has("items")) {
                out.put("type", "ARRAY");
            }
        }
        return out;
    }

    private static ObjectNode resolve(JsonNode schema, String ref, ObjectNode defs, Deque<String> refs) {
        String name = ref.startsWith("#/$defs/")
                ? ref.substring(8)
                : ref.startsWith("#/definitions/") ? ref.substring(14) : null;
        JsonNode target = name == null ? null : defs.get(name);
        if (target == null || refs.contains(ref)) {
            // An external or recursive reference cannot be inlined; a free-form object is the honest rest.
            ObjectNode rest = Json.object().put("type", "OBJECT");
            if (schema.path("description").isString()) {
                rest.set("description", schema.get("description"));
            }
            return rest;
        }
        refs.push(ref);
        ObjectNode out = legacyNode(target, defs, refs);
        refs.pop();
        if (schema.path("description").isString()) {
            out.set("description", schema.get("description"));
        }
        return out;
    }

    /** Folds {@code allOf} members into one schema: properties and required merged, first value wins. */
    private static ObjectNode mergeAllOf(JsonNode schema, ObjectNode defs, Deque<String> refs) {
        ObjectNode merged = ((ObjectNode) schema).deepCopy();
        JsonNode allOf = merged.remove("allOf");
        if (allOf == null || !allOf.isArray()) {
            return merged;
        }
        for (JsonNode member : allOf) {
            JsonNode resolved = member;
            if (member.path("$ref").isString()) {
                String name = member.get("$ref").stringValue().replaceFirst("^#/(\\$defs|definitions)/", "");
                resolved = defs.has(name) ? defs.get(name) : member;
            }
            if (!resolved.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> entry : resolved.properties()) {
                String key = entry.getKey();
                if (key.equals("properties") && entry.getValue().isObject()) {
                    ObjectNode properties =
                            merged.has("properties") && merged.get("properties").isObject()
                                    ? (ObjectNode) merged.get("properties")
                                    : merged.putObject("properties");
                    entry.getValue().properties().forEach(e -> {
                        if (!properties.has(e.getKey())) {
                            properties.set(e.getKey(), e.getValue());
                        }
                    });
                } else if (key.equals("required") && entry.getValue().isArray()) {
                    ArrayNode required =
                            merged.has("required") && merged.get("required").isArray()
                                    ? (ArrayNode) merged.get("required")
                                    : merged.putArray("required");
                    entry.getValue().forEach(required::add);
                } else if (!merged.has(key)) {
                    merged.set(key, entry.getValue());
                }
            }
        }
        return merged;
    }

    /** {@code type} upper-cased; a type array becomes one type plus {@code nullable}, or an {@code anyOf}. */
    private static void copyType(JsonNode source, ObjectNode out) {
        JsonNode type = source.get("type");
        if (type == null) {
            return;
        }
        if (type.isString()) {
            out.put("type", type.stringValue().toUpperCase(Locale.ROOT));
            return;
        }
        if (!type.isArray()) {
            return;
        }
        Set<String> types = new LinkedHashSet<>();
        boolean nullable = false;
        for (JsonNode t : type) {
            if (t.isString() && t.stringValue().equals("null")) {
                nullable = true;
            } else if (t.isString()) {
                types.add(t.stringValue().toUpperCase(Locale.ROOT));
            }
        }
        if (types.size() == 1) {
            out.put("type", types.iterator().next());
        } else if (types.size() > 1) {
            ArrayNode anyOf = out.putArray("anyOf");
            types.forEach(t -> anyOf.addObject().put("type", t));
        } else if (nullable) {
            out.put("type", "NULL");
            return;
        }
        if (nullable) {
            out.put("nullable", true);
        }
    }

    private static void numericBound(JsonNode source, String exclusive, String inclusive, ObjectNode out) {
        JsonNode bound = source.get(exclusive);
        if (bound != null && bound.isNumber() && !out.has(inclusive)) {
            out.set(inclusive, bound);
        }
    }

    /** {@code enum} (and {@code const}) survive only as string enums; a {@code null} member means nullable. */
    private static void copyEnum(JsonNode source, ObjectNode out) {
        JsonNode values = source.get("enum");
        if (values == null && source.has("const")) {
            values = Json.array().add(source.get("const"));
        }
        if (values == null || !values.isArray()) {
            return;
        }
        ArrayNode strings = Json.array();
        boolean allStrings = true;
        for (JsonNode value : values) {
            if (value.isNull()) {
                out.put("nullable", true);
            } else if (value.isString()) {
                strings.add(value);
            } else {
                allStrings = false;
            }
        }
        String type = out.path("type").isString() ? out.get("type").stringValue() : null;
        if (!allStrings || strings.isEmpty() || type != null && !type.equals("STRING")) {
            return;
        }
        out.put("type", "STRING");
        out.set("enum", strings);
    }

    private static void copyFormat(JsonNode source, ObjectNode out) {
        JsonNode format = source.get("format");
        if (format != null
                && format.isString()
                && LEGACY_FORMATS.contains(format.stringValue())
                && "STRING".equals(out.path("type").asString(""))) {
            out.set("format", format);
        }
    }

    private static void copyRequired(JsonNode source, ObjectNode out) {
        JsonNode required = source.get("required");
        JsonNode properties = out.get("properties");
        if (required == null || !required.isArray() || properties == null) {
            return;
        }
        ArrayNode kept = Json.array();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode name : required) {
            if (name.isString() && properties.has(name.stringValue()) && seen.add(name.stringValue())) {
                kept.add(name);
            }
        }
        if (!kept.isEmpty()) {
            out.set("required", kept);
        }
    }

    /** {@code anyOf}/{@code oneOf} → {@code anyOf}; a {@code null} branch becomes {@code nullable}, one branch is inlined. */
    private static void copyAnyOf(JsonNode source, ObjectNode defs, Deque<String> refs, ObjectNode out) {
        ArrayNode branches = Json.array();
        boolean nullable = false;
        for (String key : new String[] {"anyOf", "oneOf"}) {
            JsonNode members = source.get(key);
            if (members == null || !members.isArray()) {
                continue;
            }
            for (JsonNode member : members) {
                if ("null".equals(member.path("type").asString(""))) {
                    nullable = true;
                } else {
                    branches.add(legacyNode(member, defs, refs));
                }
            }
        }
        if (nullable) {
            out.put("nullable", true);
        }
        if (branches.size() == 1) {
            branches.get(0).properties().forEach(e -> {
                if (!out.has(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        } else if (branches.size() > 1 && !out.has("anyOf")) {
            out.set("anyOf", branches);
        }
    }

    /**
     * A legacy {@code parameters} schema as JSON Schema, for a Gemini client's tools: types lower-cased
     * and {@code nullable} turned into a {@code null} type member.
     */
    static JsonNode fromLegacy(JsonNode schema) {
        if (!schema.isObject()) {
            return schema;
        }
        ObjectNode out = Json.object();
        boolean nullable = schema.path("nullable").asBoolean(false);
        for (Map.Entry<String, JsonNode> entry : schema.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals("nullable")) {
                continue;
            }
            if (key.equals("type") && value.isString()) {
                String type = value.stringValue().toLowerCase(Locale.ROOT);
                out.set(
                        "type",
                        nullable && !type.equals("null")
                                ? Json.array().add(type).add("null")
                                : StringNode.valueOf(type));
            } else if (key.equals("properties") && value.isObject()) {
                ObjectNode properties = out.putObject("properties");
                value.properties().forEach(e -> properties.set(e.getKey(), fromLegacy(e.getValue())));
            } else if (key.equals("items")) {
                out.set("items", fromLegacy(value));
            } else if (key.equals("anyOf") && value.isArray()) {
                ArrayNode anyOf = out.putArray("anyOf");
                value.forEach(member -> anyOf.add(fromLegacy(member)));
            } else {
                out.set(key, value);
            }
        }
        return out;
    }
}
