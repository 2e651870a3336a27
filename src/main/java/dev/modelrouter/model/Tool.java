package dev.modelrouter.model;

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
     */
    record Function(String name, @Nullable String description, JsonNode inputSchema, @Nullable CacheControl cache)
            implements Tool {}

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
