package dev.modelrouter.model;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A content block of a message: the closed vocabulary every protocol maps to. Records are nested
 * here so that one screen shows the whole set; a codec that meets a block it cannot carry drops it
 * on purpose, never by accident.
 */
public sealed interface Content {

    /**
     * Plain text.
     *
     * @param text the text; never empty when sent to Anthropic
     * @param cache a cache breakpoint after this block, or {@code null}
     */
    record Text(String text, @Nullable CacheControl cache) implements Content {
        /** Text without a cache breakpoint. */
        public static Text of(String text) {
            return new Text(text, null);
        }
    }

    /**
     * An image.
     *
     * @param mediaType the MIME type such as {@code image/png}; may be {@code null} for a URL source
     * @param source where the bytes are
     * @param cache a cache breakpoint, or {@code null}
     */
    record Image(
            @Nullable String mediaType,
            Source source,
            @Nullable CacheControl cache) implements Content {}

    /**
     * A document such as a PDF or a plain-text file.
     *
     * @param mediaType the MIME type, or {@code null} when the source says nothing
     * @param source where the content is
     * @param title an optional title
     * @param context optional context the client attached
     * @param cache a cache breakpoint, or {@code null}
     */
    record Document(
            @Nullable String mediaType,
            Source source,
            @Nullable String title,
            @Nullable String context,
            @Nullable CacheControl cache)
            implements Content {}

    /**
     * A call of a client-side tool made by the model.
     *
     * @param id the call id that the matching {@link ToolResult} refers to
     * @param name the tool's name
     * @param input the arguments, a JSON object
     * @param cache a cache breakpoint, or {@code null}
     */
    record ToolUse(
            String id,
            String name,
            JsonNode input,
            @Nullable CacheControl cache) implements Content {}

    /**
     * The result of a tool call, sent back by the client.
     *
     * @param toolUseId the id of the {@link ToolUse} it answers
     * @param content the result's blocks (text, images, documents, tool references)
     * @param error whether the tool failed
     * @param cache a cache breakpoint, or {@code null}
     */
    record ToolResult(
            String toolUseId,
            List<Content> content,
            boolean error,
            @Nullable CacheControl cache) implements Content {
        public ToolResult {
            content = List.copyOf(content);
        }
    }

    /**
     * The model's visible reasoning.
     *
     * @param text the reasoning text
     * @param signature the provider's opaque, model-bound signature, replayed byte-exact; {@code null}
     *     when the provider gave none
     */
    record Thinking(String text, @Nullable String signature) implements Content {}

    /**
     * Reasoning the provider returned encrypted.
     *
     * @param data the opaque payload, replayed unchanged
     */
    record RedactedThinking(String data) implements Content {}

    /**
     * A call of a tool the provider runs itself (web search, web fetch, code execution).
     *
     * @param id the call id
     * @param name the server tool's name such as {@code web_search}
     * @param input the arguments
     */
    record ServerToolUse(String id, String name, JsonNode input) implements Content {}

    /**
     * The result of a server tool call, carried opaquely between providers that understand it.
     *
     * @param type the provider's block type such as {@code web_search_tool_result}
     * @param toolUseId the id of the {@link ServerToolUse} it answers
     * @param content the provider's result payload
     */
    record ServerToolResult(String type, String toolUseId, JsonNode content) implements Content {}

    /**
     * A pointer to a tool definition, inside a {@link ToolResult}: the answer of a tool-search tool
     * (Claude Code's {@code ToolSearch}) that makes a deferred tool ({@code defer_loading}) available to
     * the model from then on. Upstreams without tool search get it as text.
     *
     * @param toolName the name of the tool it makes available, as in {@link Tool#name()}
     */
    record ToolReference(String toolName) implements Content {}

    /** Where the bytes of an {@link Image} or a {@link Document} are. */
    sealed interface Source {
        /**
         * Inline bytes.
         *
         * @param data base64 text
         */
        record Base64(String data) implements Source {}

        /**
         * A URL the provider fetches.
         *
         * @param url an https or data URL
         */
        record Url(String url) implements Source {}

        /**
         * A file uploaded to the provider earlier.
         *
         * @param fileId the provider's file id
         */
        record File(String fileId) implements Source {}

        /**
         * Inline plain text (documents only).
         *
         * @param text the document's text
         */
        record PlainText(String text) implements Source {}
    }
}
