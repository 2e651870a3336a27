package dev.modelrouter.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The files a config names: scripts the router runs ({@code CUSTOM_ROUTER_PATH}, a status line's
 * {@code scriptPath}, {@code CLAUDE_PATH}), jars it loads ({@code transformers[].path}) and files it
 * reads ({@code REWRITE_SYSTEM_PROMPT}). A config written through the admin API may name only files
 * the config on disk already names, so that nothing reachable over HTTP makes the router run or read a
 * file its user did not write into config.json themselves.
 */
public final class FileReferences {

    /** Settings that name a file without saying so in their name. */
    private static final Set<String> NAMED_FILES = Set.of("REWRITE_SYSTEM_PROMPT");

    private final Path source;

    /** @param source the config file, against whose folder relative paths resolve */
    FileReferences(Path source) {
        this.source = source;
    }

    /**
     * Each file reference of {@code next} that {@code onDisk} does not make at the same place (array
     * indices aside, so entries may move or go); {@code onDisk} is a missing node when there is no
     * readable file. Both trees are interpolated, so a value read back from {@code GET /api/config}
     * compares equal to the {@code $VAR} text it came from.
     */
    List<ConfigProblem> added(JsonNode next, JsonNode onDisk) {
        Set<String> known = new HashSet<>();
        collect(onDisk, "$", "$", (path, place, file) -> known.add(place + "=" + file));
        List<ConfigProblem> problems = new ArrayList<>();
        collect(next, "$", "$", (path, place, file) -> {
            if (!known.contains(place + "=" + file)) {
                problems.add(new ConfigProblem(
                        path,
                        setting(path) + " names a file, and the admin API may not add" + " or change a file path; edit "
                                + source + " on disk instead"));
            }
        });
        return problems;
    }

    private interface Visitor {
        void reference(String path, String place, String file);
    }

    /**
     * @param path the JSON path, for messages
     * @param place the JSON path without array indices, for comparing
     */
    private void collect(JsonNode node, String path, String place, Visitor visitor) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String childPath = Findings.field(path, e.getKey());
                String childPlace = Findings.field(place, e.getKey());
                JsonNode value = e.getValue();
                if (namesFile(e.getKey())) {
                    String file = file(value);
                    if (file != null) {
                        visitor.reference(childPath, childPlace, file);
                    }
                } else {
                    collect(value, childPath, childPlace, visitor);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), Findings.index(path, i), place + "[]", visitor);
            }
        }
    }

    /**
     * {@code path}, {@code scriptPath}, {@code CUSTOM_ROUTER_PATH}, {@code CLAUDE_PATH} and the like: every
     * key that says it holds a path, so a setting added later is covered without being listed here.
     */
    public static boolean namesFile(String key) {
        return key.equals("path") || key.endsWith("Path") || key.endsWith("_PATH") || NAMED_FILES.contains(key);
    }

    /** The file a value names, resolved as config.json means it (anything but a string as its JSON); {@code null} for none. */
    private @Nullable String file(JsonNode value) {
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isString()) {
            return value.toString();
        }
        String text = value.stringValue().trim();
        return text.isEmpty() ? null : RouterConfig.resolveBeside(source, text).toString();
    }

    private static String setting(String path) {
        return path.startsWith("$.") ? path.substring(2) : path;
    }
}
