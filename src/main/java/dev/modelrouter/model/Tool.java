package dev.modelrouter.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A tool the model may call: one the client runs, or one the provider runs itself. */
public sealed interface Tool {

    /** The tool's name, unique within a request. */
    String name();

    /**
     * A tool the client runs (a function).
     *
     * @param name the name the model calls it by
     * @param description what it does, or {@code null}
     * @param inputSchema the JSON Schema of its arguments (an object schema)
     * @param cache a cache breakpoint after this tool, or {@code null}
     * @param extras the definition's other fields, keyed by their wire name and passed through untouched
     *     (Anthropic's {@code defer_loading}, {@code strict}, {@code input_examples}, {@code type:
     *     "custom"}, ...); an encoder writes those its protocol knows
     */
    record Function(
            String name,
            @Nullable String description,
            JsonNode inputSchema,
            @Nullable CacheControl cache,
            Map<String, JsonNode> extras)
            implements Tool {

        public Function {
            extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras));
        }

        /** A function without extra fields. */
        public Function(String name, @Nullable String description, JsonNode inputSchema, @Nullable CacheControl cache) {
            this(name, description, inputSchema, cache, Map.of());
        }
    }

    /**
     * A tool the provider runs (Anthropic's versioned server tools such as {@code web_search_20250305}).
     * Upstreams that cannot run it drop it.
     *
     * @param type the versioned type, for example {@code web_search_20250305}
     * @param name the tool's name, for example {@code web_search}
     * @param definition the whole definition as the client sent it, for upstreams that understand it
     */
    record Server(String type, String name, JsonNode definition) implements Tool {

        /** Whether this is a web search tool of any version. */
        public boolean isWebSearch() {
            return type.startsWith("web_search");
        }
    }
}
