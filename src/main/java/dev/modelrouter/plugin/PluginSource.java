package dev.modelrouter.plugin;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * A jar to load.
 *
 * @param jar the jar file
 * @param options the {@code options} of its config.json {@code transformers} entry: the options its
 *     transformers get when a {@code use} entry gives none (claude-code-router's {@code new Module(options)});
 *     empty for a jar found in a plugins folder
 */
public record PluginSource(Path jar, Optional<ObjectNode> options) {

    public PluginSource {
        Objects.requireNonNull(jar, "jar");
        options = options.map(ObjectNode::deepCopy);
    }

    /** A jar found in a plugins folder. */
    public static PluginSource of(Path jar) {
        return new PluginSource(jar, Optional.empty());
    }

    /** The jar's file name, which identifies the plugin in logs and messages. */
    public String name() {
        return String.valueOf(jar.getFileName());
    }
}
