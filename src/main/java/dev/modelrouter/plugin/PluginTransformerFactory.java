package dev.modelrouter.plugin;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plugin's factory as the router uses it: the name is read once, options from config.json's
 * {@code transformers} entry stand in when a {@code use} entry gives none (claude-code-router's
 * {@code new Module(options)}), failures become an {@link IllegalArgumentException} naming the jar, and
 * every transformer it makes is a {@link GuardedTransformer}.
 */
public final class PluginTransformerFactory implements TransformerFactory {

    private final TransformerFactory delegate;
    private final String name;
    private final Optional<ObjectNode> defaults;
    private final PluginFaults faults;

    PluginTransformerFactory(
            TransformerFactory delegate, String name, Optional<ObjectNode> defaults, PluginFaults faults) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = Objects.requireNonNull(name, "name");
        this.defaults = defaults.map(ObjectNode::deepCopy);
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    @Override
    public String name() {
        return name;
    }

    /** The jar's file name. */
    public String jar() {
        return faults.jar();
    }

    /** The options used when a {@code use} entry gives none, from config.json's {@code transformers}. */
    public Optional<ObjectNode> defaultOptions() {
        return defaults.map(ObjectNode::deepCopy);
    }

    /**
     * The plugin's transformer, guarded.
     *
     * @throws IllegalArgumentException when the plugin rejects the options or fails; the message names
     *     the transformer and the jar
     */
    @Override
    public Transformer create(JsonNode options) {
        JsonNode effective = given(options)
                ? options
                : defaults.<JsonNode>map(ObjectNode::deepCopy).orElse(options);
        Transformer created;
        try {
            created = delegate.create(effective);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transformer " + name + " (" + jar() + "): " + e.getMessage(), e);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw (VirtualMachineError) t;
            }
            throw new IllegalArgumentException("transformer " + name + " (" + jar() + ") failed to start: " + t, t);
        }
        if (created == null) {
            throw new IllegalArgumentException("transformer " + name + " (" + jar() + ") created nothing");
        }
        return new GuardedTransformer(created, name, faults);
    }

    private static boolean given(JsonNode options) {
        return !(options.isMissingNode() || options.isNull() || (options.isObject() && options.isEmpty()));
    }

    @Override
    public String toString() {
        return name + " (" + jar() + ")";
    }
}
