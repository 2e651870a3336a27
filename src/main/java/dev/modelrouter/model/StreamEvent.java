package dev.modelrouter.model;

import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed answer, modelled on Anthropic's block-indexed stream: a {@link Start}, then
 * blocks one at a time ({@link BlockStart}, its {@link BlockDelta}s, {@link BlockStop}) with indexes
 * 0, 1, 2, ..., then one {@link Stop}. Failures are Reactor error signals carrying a
 * {@link RouterException}, never events.
 */
public sealed interface StreamEvent {

    /**
     * The answer begins.
     *
     * @param id the answer's id
     * @param model the model that answers, as its provider named it (else as the router asked for it); the
     *     client protocol decides whether the client is told this name or the one it asked for
     * @param usage the usage known so far (usually the prompt tokens)
     */
    record Start(String id, String model, Usage usage) implements StreamEvent {}

    /**
     * A block opens. Text, thinking and tool-use blocks start empty and fill through deltas; redacted
     * thinking and server tool results arrive complete here.
     *
     * @param index the block's position in the answer
     * @param block the block's initial form
     */
    record BlockStart(int index, Content block) implements StreamEvent {}

    /**
     * A piece of the open block.
     *
     * @param index the open block's index
     * @param delta the piece
     */
    record BlockDelta(int index, Delta delta) implements StreamEvent {}

    /**
     * The open block is complete.
     *
     * @param index its index
     */
    record BlockStop(int index) implements StreamEvent {}

    /**
     * The answer is complete.
     *
     * @param reason why the model stopped
     * @param stopSequence the matched stop sequence, or {@code null}
     * @param usage the final, cumulative usage
     */
    record Stop(StopReason reason, @Nullable String stopSequence, Usage usage) implements StreamEvent {}

    /** A keep-alive with no content. */
    record Ping() implements StreamEvent {}

    /** A piece of a block. */
    sealed interface Delta {
        /**
         * More answer text.
         *
         * @param text the piece
         */
        record Text(String text) implements Delta {}

        /**
         * More reasoning text.
         *
         * @param text the piece
         */
        record Thinking(String text) implements Delta {}

        /**
         * The thinking block's signature; comes last, just before the block stops.
         *
         * @param signature the opaque signature
         */
        record Signature(String signature) implements Delta {}

        /**
         * A fragment of a tool call's JSON arguments; the fragments concatenate to a JSON object.
         *
         * <p>A reader that received arguments it could not read as a JSON object (single quotes, trailing
         * commas, unquoted keys) sends its best strict reading in {@code partialJson} (possibly empty,
         * meaning {@code {}}) and the provider's own text in {@code unparsed}, so a repairing transformer
         * such as {@code enhancetool} can do better. Writers send only {@code partialJson}.
         *
         * @param partialJson the fragment
         * @param unparsed the provider's arguments exactly as sent, when they were not a JSON object; else null
         */
        record ToolInput(String partialJson, @Nullable String unparsed) implements Delta {
            /**
             * A fragment read as it came.
             *
             * @param partialJson the fragment
             */
            public ToolInput(String partialJson) {
                this(partialJson, null);
            }
        }
    }
}
