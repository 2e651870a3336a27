package dev.modelrouter.protocol.openai;

import static dev.modelrouter.protocol.openai.ChunkTokens.expect;
import static dev.modelrouter.protocol.openai.ChunkTokens.integer;
import static dev.modelrouter.protocol.openai.ChunkTokens.nextField;
import static dev.modelrouter.protocol.openai.ChunkTokens.onceIn;
import static dev.modelrouter.protocol.openai.ChunkTokens.stringOrNull;

import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.protocol.openai.ChunkTokens.Unusual;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * What the stream reader keeps of a Chat Completions chunk, read with the token stream: the first
 * chunk (id, model, role), each fragment of a tool call, the finish and the usage chunk each took a
 * JSON tree, where the text chunks between them take none ({@link PlainChunk}). A tool call's
 * arguments come as many small chunks (one for every few characters of an edit's text), so a tree
 * there was one per fragment. Fields are read in any order and the ones the reader ignores skipped.
 * Anything this path does not read the way the tree path would (an error, reasoning details, a
 * refusal, log probabilities, any other delta field that is not null, a field it reads repeated or of
 * another kind, a count or index that is not an int, trailing text, bad JSON) gives {@code null}, so
 * the reader's tree path reads the chunk and reports any fault.
 *
 * @param id the chunk's {@code id}, {@code null} when it has none
 * @param model the chunk's {@code model}, {@code null} when it has none
 * @param usage the chunk's usage, {@code null} when it has none
 * @param reasoning the first choice's reasoning text, empty when it has none
 * @param content the first choice's text, {@code null} when it has none
 * @param toolCalls the first choice's tool call fragments, in their order, empty when it has none
 * @param finishReason the first choice's {@code finish_reason}, {@code null} when it has none
 */
record ChunkFields(
        @Nullable String id,
        @Nullable String model,
        @Nullable Usage usage,
        String reasoning,
        @Nullable String content,
        List<ToolCallFragment> toolCalls,
        @Nullable String finishReason) {

    /** The fields being read: one per chunk, filled as the parser meets them. */
    private static final class Fields {
        @Nullable
        String id;

        @Nullable
        String model;

        @Nullable
        Usage usage;

        @Nullable
        String reasoningContent;

        @Nullable
        String reasoning;

        @Nullable
        String content;

        List<ToolCallFragment> toolCalls = List.of();

        @Nullable
        String finish;

        int seen;

        ChunkFields done() {
            String text = reasoningContent == null || reasoningContent.isEmpty() ? reasoning : reasoningContent;
            return new ChunkFields(id, model, usage, text == null ? "" : text, content, toolCalls, finish);
        }
    }

    // the bits of Fields.seen: a field read twice is left to the tree, which keeps one of the two
    private static final int ID = 0;
    private static final int MODEL = 1;
    private static final int USAGE = 2;
    private static final int CHOICES = 3;
    private static final int DELTA = 4;
    private static final int FINISH = 5;
    private static final int CONTENT = 6;
    private static final int REASONING_CONTENT = 7;
    private static final int REASONING = 8;
    private static final int TOOL_CALLS = 9;

    /** {@code data}, one chunk's JSON text, read; or {@code null} when it is not in a shape this path reads. */
    static @Nullable ChunkFields read(String data) {
        // the factory's parser: the mapper's would bring a deserialization context the read never uses
        try (JsonParser p = WireJson.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), data)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            Fields fields = new Fields();
            while (nextField(p)) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "id" -> fields.id = string(p, fields, ID);
                    case "model" -> fields.model = string(p, fields, MODEL);
                    case "usage" -> {
                        once(fields, USAGE);
                        fields.usage = value == JsonToken.VALUE_NULL ? null : usage(p);
                    }
                    case "choices" -> {
                        once(fields, CHOICES);
                        if (value != JsonToken.VALUE_NULL) {
                            choices(p, fields);
                        }
                    }
                    case "error" -> throw Unusual.SHAPE;
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw Unusual.SHAPE;
            }
            return fields.done();
        } catch (Unusual | JacksonException e) {
            return null;
        }
    }

    /** The choices array: its first choice read, the others skipped; the parser is at its start. */
    private static void choices(JsonParser p, Fields fields) {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            return;
        }
        expect(first, JsonToken.START_OBJECT);
        while (nextField(p)) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "delta" -> {
                    once(fields, DELTA);
                    if (value != JsonToken.VALUE_NULL) {
                        delta(p, fields);
                    }
                }
                case "finish_reason" -> fields.finish = string(p, fields, FINISH);
                case "logprobs" -> expect(value, JsonToken.VALUE_NULL);
                default -> p.skipChildren();
            }
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw Unusual.SHAPE;
            }
            p.skipChildren();
        }
    }

    /** The first choice's delta; the parser is at its start. */
    private static void delta(JsonParser p, Fields fields) {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        while (nextField(p)) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "role" -> p.skipChildren();
                case "content" -> fields.content = string(p, fields, CONTENT);
                case "reasoning_content" -> fields.reasoningContent = string(p, fields, REASONING_CONTENT);
                case "reasoning" -> fields.reasoning = string(p, fields, REASONING);
                case "tool_calls" -> {
                    once(fields, TOOL_CALLS);
                    if (value != JsonToken.VALUE_NULL) {
                        fields.toolCalls = ToolCallFragment.readList(p);
                    }
                }
                // an empty list adds no detail, as in the tree path
                case "reasoning_details" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        expect(value, JsonToken.START_ARRAY);
                        expect(p.nextToken(), JsonToken.END_ARRAY);
                    }
                }
                // every other delta field (refusal, audio, function_call, ...) is news unless null
                default -> expect(value, JsonToken.VALUE_NULL);
            }
        }
    }

    // where each count goes in counts(); DETAILS is the nested object that holds the cache counts
    private static final int PROMPT = 0;
    private static final int COMPLETION = 1;
    private static final int CACHE_HIT = 2;
    private static final int CACHED = 3;
    private static final int CACHE_WRITE = 4;
    private static final int DETAILS = 5;

    /** A usage object, counted as {@link OpenAiUsage#read} counts it; the parser is at its start. */
    private static Usage usage(JsonParser p) {
        int[] counts = new int[DETAILS];
        counts(p, counts, true);
        return OpenAiUsage.of(
                counts[PROMPT],
                counts[COMPLETION],
                counts[CACHED] != 0 ? counts[CACHED] : counts[CACHE_HIT],
                counts[CACHE_WRITE]);
    }

    /**
     * The counts of one object into {@code counts}: the usage object's own ({@code top}) or those of its
     * {@code prompt_tokens_details}; the parser is at the object's start.
     */
    private static void counts(JsonParser p, int[] counts, boolean top) {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        int seen = 0;
        while (nextField(p)) {
            int field = top ? usageField(p.currentName()) : detailsField(p.currentName());
            JsonToken value = p.nextToken();
            if (field < 0) {
                p.skipChildren();
                continue;
            }
            seen = onceIn(seen, field);
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            if (field == DETAILS) {
                counts(p, counts, false);
            } else {
                counts[field] = integer(p);
            }
        }
    }

    private static int usageField(String name) {
        return switch (name) {
            case "prompt_tokens" -> PROMPT;
            case "completion_tokens" -> COMPLETION;
            case "prompt_cache_hit_tokens" -> CACHE_HIT;
            case "prompt_tokens_details" -> DETAILS;
            default -> -1;
        };
    }

    private static int detailsField(String name) {
        return switch (name) {
            case "cached_tokens" -> CACHED;
            case "cache_write_tokens" -> CACHE_WRITE;
            default -> -1;
        };
    }

    private static void once(Fields fields, int bit) {
        fields.seen = onceIn(fields.seen, bit);
    }

    /** The current value, a string or null, as the field {@code bit} stands for, met once. */
    private static @Nullable String string(JsonParser p, Fields fields, int bit) {
        once(fields, bit);
        return stringOrNull(p);
    }
}
