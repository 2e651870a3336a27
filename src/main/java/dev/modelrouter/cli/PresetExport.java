package dev.modelrouter.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The manifest {@code router preset export} writes: the config with every secret replaced by a
 * {@code {{id}}} placeholder and a {@code schema} entry asking for it at install, as ccr exports. A value
 * that is an environment reference ({@code $VAR}, {@code ${VAR}}) is no secret and stays as written.
 */
final class PresetExport {

    /** Keys whose string values are credentials: api_key, APIKEY, client_secret, access_token, password. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(key|secret|password|token)|authorization");

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");

    private final Set<String> ids = new LinkedHashSet<>();
    private final ObjectNode manifest;
    private final ArrayNode schema;

    private PresetExport(ObjectNode manifest) {
        this.manifest = manifest;
        this.schema = manifest.arrayNode();
    }

    /** The manifest of {@code config} exported as {@code name}. */
    static ObjectNode of(String name, ObjectNode config, String description) {
        ObjectNode manifest = config.objectNode();
        manifest.put("name", name);
        manifest.put("version", "1.0.0");
        if (!description.isBlank()) {
            manifest.put("description", description);
        }
        PresetExport export = new PresetExport(manifest);
        for (Map.Entry<String, JsonNode> e : config.properties()) {
            if (!Preset.METADATA.contains(e.getKey()) && !Preset.DYNAMIC.contains(e.getKey())) {
                manifest.set(
                        e.getKey(), export.sanitized(e.getKey(), e.getValue().deepCopy(), ""));
            }
        }
        if (!export.schema.isEmpty()) {
            manifest.set("schema", export.schema);
        }
        return manifest;
    }

    /** How many secrets became inputs. */
    static int secrets(ObjectNode manifest) {
        return manifest.path("schema").size();
    }

    /** @param owner the name of the nearest enclosing object that has one (a provider's), else empty */
    private JsonNode sanitized(String key, JsonNode node, String owner) {
        if (node.isString() && SECRET_KEY.matcher(key).matches() && isSecret(node.asString())) {
            String where = owner.isEmpty() ? key : owner + "_" + key;
            String id = freeId(where);
            ObjectNode input = schema.addObject();
            input.put("id", id);
            input.put("type", "password");
            input.put("label", where);
            input.put("prompt", "Enter " + where);
            input.put("required", true);
            return manifest.stringNode("{{" + id + "}}");
        }
        if (node instanceof ObjectNode object) {
            String inner = object.path("name").isString() ? object.get("name").asString() : owner;
            for (String child : List.copyOf(object.propertyNames())) {
                object.set(child, sanitized(child, object.get(child), inner));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, sanitized(key, array.get(i), owner));
            }
        }
        return node;
    }

    private static boolean isSecret(String value) {
        String text = value.strip();
        return !text.isEmpty()
                && !ENV_REFERENCE.matcher(text).matches()
                && Preset.placeholders(StringNode.valueOf(text)).isEmpty();
    }

    private String freeId(String where) {
        String base = where.replaceAll("[^A-Za-z0-9_]", "_");
        String id = base;
        for (int n = 2; !ids.add(id.toLowerCase(Locale.ROOT)); n++) {
            id = base + "_" + n;
        }
        return id;
    }
}
