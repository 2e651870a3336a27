package dev.modelrouter.cli;

import dev.modelrouter.config.FileReferences;
import dev.modelrouter.config.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * A preset in claude-code-router 2.x's format: {@code presets/<name>/manifest.json} holds metadata
 * ({@code name}, {@code version}, ...), config keys ({@code Providers}, {@code Router}, ...), the install-time
 * inputs ({@code schema}), an optional {@code template} and {@code configMappings}, and the values given at
 * install ({@code userValues}). Inputs are referenced as {@code {{id}}} or {@code #{id}}, as ccr does.
 *
 * @param name the preset's folder name
 * @param manifest the manifest as written
 */
record Preset(String name, ObjectNode manifest) {

    /** Manifest keys that describe the preset rather than configure the router (ccr's METADATA_FIELDS). */
    static final Set<String> METADATA = Set.of(
            "name",
            "version",
            "description",
            "author",
            "homepage",
            "repository",
            "license",
            "keywords",
            "ccrVersion",
            "source",
            "sourceType",
            "checksum");
    /** Manifest keys of ccr's dynamic configuration, plus where install keeps the values given. */
    static final Set<String> DYNAMIC = Set.of("schema", "template", "configMappings", "userValues");
    /** ccr's own check on preset names: a folder name, never a path. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}|#\\{\\s*([A-Za-z0-9_.-]+)\\s*}");

    /**
     * One install-time input of the {@code schema}.
     *
     * @param type ccr's input type ({@code password} when absent)
     * @param required ccr's default is required
     */
    record Input(
            String id, String type, String label, @Nullable String defaultValue, boolean required) {

        boolean secret() {
            return type.equals("password");
        }
    }

    /**
     * {@code name} when it is a safe folder name.
     *
     * @throws IllegalArgumentException naming the rule otherwise
     */
    static String checkName(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(
                    "invalid preset name '" + name + "': letters, digits, '.', '_' and '-' only, no path");
        }
        return name;
    }

    /**
     * Reads a manifest (JSON5, as ccr parses it).
     *
     * @throws IllegalArgumentException when it is not a JSON object
     */
    static Preset read(Path manifestFile, String name) throws IOException {
        JsonNode tree;
        try {
            tree = JsonTrees.read(JsonTrees.JSON5, Files.readString(manifestFile));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(manifestFile + " is not valid JSON5: " + e.getOriginalMessage());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException(manifestFile + " holds no JSON object");
        }
        return new Preset(name, object);
    }

    String text(String key) {
        return manifest.path(key).asString("");
    }

    /** The router config the preset carries, inputs not yet filled in. */
    ObjectNode config() {
        ObjectNode config = manifest.objectNode();
        for (Map.Entry<String, JsonNode> e : manifest.properties()) {
            if (!METADATA.contains(e.getKey()) && !DYNAMIC.contains(e.getKey())) {
                config.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return config;
    }

    List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        for (JsonNode entry : manifest.path("schema")) {
            String id = entry.path("id").asString("");
            if (id.isBlank()) {
                continue;
            }
            JsonNode fallback = entry.get("defaultValue");
            inputs.add(new Input(
                    id,
                    entry.path("type").asString("password"),
                    entry.path("label").asString(entry.path("prompt").asString(id)),
                    fallback == null || fallback.isNull() ? null : fallback.asString(),
                    entry.path("required").asBoolean(true)));
        }
        return inputs;
    }

    /** The values given at install. */
    Map<String, String> userValues() {
        Map<String, String> values = new LinkedHashMap<>();
        manifest.path("userValues")
                .properties()
                .forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        return values;
    }

    /**
     * Every place where the preset names a file the router would run or load (a custom router, a JS or jar
     * transformer, a status-line script, Claude Code's path), as JSON paths: the config, the template and
     * the targets of {@code configMappings}.
     */
    List<String> executables() {
        List<String> found = new ArrayList<>();
        collectPaths(config(), "$", found);
        collectPaths(manifest.path("template"), "$.template", found);
        collectCommands(config().path("claudeCodeSettings"), "$.claudeCodeSettings", found);
        for (JsonNode mapping : manifest.path("configMappings")) {
            String target = mapping.path("target").asString("");
            String last = target.replaceAll("\\[\\d+]", "");
            last = last.substring(last.lastIndexOf('.') + 1);
            if (FileReferences.namesFile(last)) {
                found.add("$.configMappings → " + target);
            }
        }
        return found;
    }

    /**
     * The shell commands a preset's {@code claudeCodeSettings} would have Claude Code run: hooks' and the
     * status line's {@code command}, and the helpers ({@code apiKeyHelper}, {@code awsAuthRefresh}, ...).
     */
    private static void collectCommands(JsonNode node, String path, List<String> found) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String child = path + "." + e.getKey();
                String key = e.getKey();
                boolean command = key.equals("command") || key.endsWith("Helper") || key.startsWith("aws");
                if (command
                        && e.getValue().isString()
                        && !e.getValue().asString().isBlank()) {
                    found.add(child + " = " + e.getValue().asString());
                } else {
                    collectCommands(e.getValue(), child, found);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collectCommands(array.get(i), path + "[" + i + "]", found);
            }
        }
    }

    private static void collectPaths(JsonNode node, String path, List<String> found) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                String child = path + "." + e.getKey();
                if (FileReferences.namesFile(e.getKey())
                        && !e.getValue().isNull()
                        && !e.getValue().asString("x").isBlank()) {
                    found.add(child + " = "
                            + (e.getValue().isString() ? e.getValue().asString() : e.getValue()));
                } else {
                    collectPaths(e.getValue(), child, found);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                collectPaths(array.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /**
     * The config with the template merged over it, the mappings applied and every placeholder replaced by
     * its value; a placeholder without a value stays as written.
     */
    ObjectNode resolved(Map<String, String> values) {
        ObjectNode config = config();
        if (manifest.path("template") instanceof ObjectNode template) {
            template.properties()
                    .forEach(e -> config.set(e.getKey(), e.getValue().deepCopy()));
        }
        for (JsonNode mapping : manifest.path("configMappings")) {
            String target = mapping.path("target").asString("");
            if (!target.isBlank()) {
                set(config, target, mapping.path("value").deepCopy());
            }
        }
        return (ObjectNode) fill(config, values);
    }

    /** The ids of the placeholders {@code node} has. */
    static Set<String> placeholders(JsonNode node) {
        Set<String> ids = new java.util.TreeSet<>();
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            while (m.find()) {
                ids.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        node.forEach(child -> ids.addAll(placeholders(child)));
        return ids;
    }

    private static JsonNode fill(JsonNode node, Map<String, String> values) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String id = m.group(1) != null ? m.group(1) : m.group(2);
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(id, m.group())));
            }
            m.appendTail(out);
            return StringNode.valueOf(out.toString());
        }
        if (node instanceof ObjectNode object) {
            List.copyOf(object.propertyNames()).forEach(k -> object.set(k, fill(object.get(k), values)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, fill(array.get(i), values));
            }
        }
        return node;
    }

    /** Sets {@code a.b[0].c}, creating objects on the way (ccr's configMappings target syntax). */
    private static void set(ObjectNode root, String target, JsonNode value) {
        String[] parts = target.replaceAll("\\[(\\d+)]", ".$1").split("\\.");
        JsonNode at = root;
        for (int i = 0; i < parts.length - 1 && at != null; i++) {
            JsonNode next = at.isArray() ? at.get(index(parts[i])) : at.get(parts[i]);
            if (next == null && at instanceof ObjectNode object) {
                next = object.putObject(parts[i]);
            }
            at = next;
        }
        String last = parts[parts.length - 1];
        if (at instanceof ObjectNode object) {
            object.set(last, value);
        } else if (at instanceof ArrayNode array && index(last) < array.size()) {
            array.set(index(last), value);
        }
    }

    private static int index(String part) {
        return part.chars().allMatch(Character::isDigit) ? Integer.parseInt(part) : Integer.MAX_VALUE;
    }
}
