package dev.modelrouter.plugin;

import java.nio.file.Path;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A claude-code-router JavaScript transformer named in config.json's {@code transformers}.
 *
 * @param file the script, absolute
 * @param options its entry's {@code options}, passed to its constructor
 */
public record ScriptSource(Path file, ObjectNode options) {

    public ScriptSource {
        Objects.requireNonNull(file, "file");
        options = options.deepCopy();
    }

    /** The name a script goes by until node says otherwise: its file name without the extension. */
    public String fallbackName() {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
