package dev.modelrouter.transform;

import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transformers config.json can name: the built-ins, registered explicitly, and the plugins the
 * plugin loader adds. Names compare case-insensitively ({@code "Anthropic"} and {@code "anthropic"} are
 * one name), as in claude-code-router. Thread-safe; registration normally ends at startup.
 */
public final class TransformerRegistry {

    /** Where the built-ins come from, in duplicate-name messages. */
    public static final String BUILT_IN = "built-in";

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(TransformerFactory factory, String origin) {}

    /** An empty registry, for tests and for callers that want no built-ins. */
    public TransformerRegistry() {}

    /** A registry holding every built-in transformer. */
    public static TransformerRegistry withBuiltIns() {
        TransformerRegistry registry = new TransformerRegistry();
        for (TransformerFactory factory : builtIns()) {
            registry.register(factory, BUILT_IN);
        }
        return registry;
    }

    /** A new registry holding what this one holds now; registering in either leaves the other alone. */
    public TransformerRegistry copy() {
        TransformerRegistry copy = new TransformerRegistry();
        copy.entries.putAll(entries);
        return copy;
    }

    /** The built-in factories, in the order claude-code-router documents them. */
    static List<TransformerFactory> builtIns() {
        return List.of(
                ProtocolMarker.factory("anthropic"),
                ProtocolMarker.factory("openai"),
                ProtocolMarker.factory("gemini"),
                ProtocolMarker.factory("openai-responses"),
                ProtocolMarker.factory("vertex-gemini"),
                ProtocolMarker.factory("vertex-claude"),
                ProtocolMarker.factory("vertex-openai"),
                DeepSeekTransformer.factory(),
                OpenRouterTransformer.factory(),
                VercelTransformer.factory(),
                GroqTransformer.factory(),
                CerebrasTransformer.factory(),
                MaxTokenTransformer.factory(),
                MaxCompletionTokensTransformer.factory(),
                SamplingTransformer.factory(),
                CustomParamsTransformer.factory(),
                StreamOptionsTransformer.factory(),
                CleanCacheTransformer.factory(),
                ToolUseTransformer.factory(),
                EnhanceToolTransformer.factory(),
                ReasoningTransformer.factory(),
                ForceReasoningTransformer.factory(),
                ExtraThinkTagTransformer.factory());
    }

    /**
     * Adds a factory under its {@link TransformerFactory#name()}.
     *
     * @param factory the factory
     * @param origin where it comes from, for messages: {@link #BUILT_IN} or a plugin jar's name
     * @throws IllegalArgumentException when the name is blank or already taken; the message names both origins
     */
    public void register(TransformerFactory factory, String origin) {
        String name = factory.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "transformer factory " + factory.getClass().getName() + " from " + origin + " has no name");
        }
        Entry entry = new Entry(factory, origin);
        Entry previous = entries.putIfAbsent(key(name), entry);
        if (previous != null) {
            throw new IllegalArgumentException("transformer '" + name + "' from " + origin
                    + " clashes with transformer '" + previous.factory().name() + "' from " + previous.origin()
                    + " (names compare ignoring case)");
        }
    }

    /** The factory registered as {@code name}, ignoring case. */
    public Optional<TransformerFactory> find(String name) {
        return Optional.ofNullable(entries.get(key(name))).map(Entry::factory);
    }

    /** Where the factory called {@code name} came from ({@link #BUILT_IN} or a plugin jar). */
    public Optional<String> origin(String name) {
        return Optional.ofNullable(entries.get(key(name))).map(Entry::origin);
    }

    /** Every registered name as its factory spells it, sorted ignoring case. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        entries.values().forEach(e -> names.add(e.factory().name()));
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return List.copyOf(names);
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
