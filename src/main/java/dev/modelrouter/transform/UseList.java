package dev.modelrouter.transform;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One {@code "use"} list of config.json resolved against a registry: each entry is {@code "name"} or
 * {@code ["name", {options}]}, as in claude-code-router.
 */
final class UseList {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * One resolved entry: a transformer, or the problem that prevented it.
     *
     * @param path the entry's JSON path below the list's own path
     * @param transformer the transformer, or {@code null} when there is a problem
     * @param problem what is wrong, or {@code null}
     */
    record Entry(
            String path,
            @Nullable Transformer transformer,
            @Nullable String problem) {}

    private UseList() {}

    /** Resolves {@code use} (absent means empty) found at {@code path}. */
    static List<Entry> resolve(JsonNode use, String path, TransformerRegistry registry) {
        List<Entry> out = new ArrayList<>();
        if (use.isMissingNode() || use.isNull()) {
            return out;
        }
        if (!use.isArray()) {
            out.add(new Entry(path, null, "expected a list of transformer names or [name, options] pairs, got " + use));
            return out;
        }
        for (int i = 0; i < use.size(); i++) {
            out.add(entry(use.get(i), path + "[" + i + "]", registry));
        }
        return out;
    }

    private static Entry entry(JsonNode element, String path, TransformerRegistry registry) {
        String name;
        JsonNode options = Json.object();
        if (element.isString()) {
            name = element.stringValue();
        } else if (element.isArray()
                && !element.isEmpty()
                && element.size() <= 2
                && element.get(0).isString()) {
            name = element.get(0).stringValue();
            if (element.size() == 2) {
                options = element.get(1);
                if (!options.isObject()) {
                    return new Entry(
                            path, null, "options of transformer '" + name + "' must be an object, got " + options);
                }
            }
        } else {
            return new Entry(path, null, "expected a transformer name or [name, {options}], got " + element);
        }
        Optional<TransformerFactory> factory = registry.find(name);
        if (factory.isEmpty()) {
            return new Entry(
                    path,
                    null,
                    "unknown transformer '" + name + "' (known: " + String.join(", ", registry.names()) + ")");
        }
        try {
            return new Entry(path, factory.get().create(options.deepCopy()), null);
        } catch (IllegalArgumentException e) {
            return new Entry(path, null, "invalid options for transformer '" + name + "': " + e.getMessage());
        } catch (RuntimeException e) {
            // a plugin's factory must not take the daemon down; report it like bad options
            return new Entry(
                    path,
                    null,
                    "transformer '" + name + "' from " + registry.origin(name).orElse("?") + " failed to start: " + e);
        }
    }

    /** {@code parent.name}, or {@code parent['odd name']} when the name is not an identifier. */
    static String field(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent + "." + name;
        }
        return parent + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }
}
