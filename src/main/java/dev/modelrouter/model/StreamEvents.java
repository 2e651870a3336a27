package dev.modelrouter.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between a complete {@link ChatResponse} and the {@link StreamEvent} sequence that carries
 * it, so the router has one response path: a non-streaming upstream answer is exploded with
 * {@link #of(ChatResponse)}, and a non-streaming client is answered with {@link #aggregate(Flux)}.
 * The two are inverse: {@code aggregate(of(r))} yields {@code r}.
 */
public final class StreamEvents {

    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.threadLocalPool())
                    .build())
            .build();

    private StreamEvents() {}

    /**
     * Explodes a complete answer into the events a streaming upstream would have sent: a
     * {@link StreamEvent.Start} carrying the prompt usage (output zero), then for each block, in order
     * and with indexes 0, 1, 2, ..., a {@link StreamEvent.BlockStart}, its deltas and a
     * {@link StreamEvent.BlockStop}, then one {@link StreamEvent.Stop} with the full usage.
     *
     * <p>Text, thinking, tool-use and server-tool-use blocks start empty and are filled by one delta
     * each (text, thinking text then signature, or the serialized input); empty parts send no delta.
     * Every other block (redacted thinking, server tool results, ...) arrives complete in its start.
     *
     * @param response the complete answer
     * @return a cold, finite flux of the answer's events
     */
    public static Flux<StreamEvent> of(ChatResponse response) {
        return Flux.defer(() -> Flux.fromIterable(list(response)));
    }

    /**
     * The events of {@link #of(ChatResponse)} as a list, for code that adjusts them before they flow.
     *
     * @param response the complete answer
     * @return a new, mutable list of the answer's events
     */
    public static List<StreamEvent> list(ChatResponse response) {
        List<StreamEvent> out = new ArrayList<>();
        Usage usage = response.usage();
        out.add(new StreamEvent.Start(
                response.id(), response.model(), new Usage(usage.input(), 0, usage.cacheRead(), usage.cacheWrite())));
        List<Content> content = response.content();
        for (int index = 0; index < content.size(); index++) {
            Content block = content.get(index);
            if (block instanceof Content.Text text) {
                out.add(new StreamEvent.BlockStart(index, new Content.Text("", text.cache())));
                if (!text.text().isEmpty()) {
                    out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Text(text.text())));
                }
            } else if (block instanceof Content.Thinking thinking) {
                out.add(new StreamEvent.BlockStart(index, new Content.Thinking("", null)));
                if (!thinking.text().isEmpty()) {
                    out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Thinking(thinking.text())));
                }
                if (thinking.signature() != null) {
                    out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Signature(thinking.signature())));
                }
            } else if (block instanceof Content.ToolUse use) {
                out.add(new StreamEvent.BlockStart(
                        index, new Content.ToolUse(use.id(), use.name(), JSON.createObjectNode(), use.cache())));
                addInput(out, index, use.input());
            } else if (block instanceof Content.ServerToolUse use) {
                out.add(new StreamEvent.BlockStart(
                        index, new Content.ServerToolUse(use.id(), use.name(), JSON.createObjectNode())));
                addInput(out, index, use.input());
            } else {
                out.add(new StreamEvent.BlockStart(index, block));
            }
            out.add(new StreamEvent.BlockStop(index));
        }
        out.add(new StreamEvent.Stop(response.stopReason(), response.stopSequence(), usage));
        return out;
    }

    private static void addInput(List<StreamEvent> out, int index, JsonNode input) {
        if (!input.isEmpty()) {
            out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.ToolInput(JSON.writeValueAsString(input))));
        }
    }

    /**
     * Folds a stream of events back into the complete answer. Text and thinking deltas concatenate
     * onto their block's initial text; signature deltas concatenate into the thinking block's
     * signature (replacing the one its start carried); tool-input fragments concatenate and are
     * parsed as the tool call's input, an empty concatenation meaning {@code {}} and no fragments at
     * all keeping the start's input. Blocks are ordered by index; {@link StreamEvent.Ping}s are
     * ignored; the usage is the {@link StreamEvent.Stop}'s.
     *
     * @param events one answer's events, as a reader produces them
     * @return the answer; fails with a {@link RouterException} ({@link ErrorKind#BAD_GATEWAY}) when the
     *     events end before their {@link StreamEvent.Stop} or a tool input is not valid JSON, and with
     *     whatever error the events themselves fail with
     */
    public static Mono<ChatResponse> aggregate(Flux<StreamEvent> events) {
        return events.collect(Accumulator::new, Accumulator::accept).map(Accumulator::finish);
    }

    /** One aggregation's state; created per subscription by {@code collect}. */
    private static final class Accumulator {
        private String id = "";
        private String model = "";
        private StreamEvent.@Nullable Stop stop;
        private final Map<Integer, Block> blocks = new TreeMap<>();

        void accept(StreamEvent event) {
            if (event instanceof StreamEvent.Start start) {
                id = start.id();
                model = start.model();
            } else if (event instanceof StreamEvent.BlockStart start) {
                blocks.put(start.index(), new Block(start.block()));
            } else if (event instanceof StreamEvent.BlockDelta delta) {
                Block block = blocks.get(delta.index());
                if (block != null) {
                    block.add(delta.delta());
                }
            } else if (event instanceof StreamEvent.Stop end) {
                stop = end;
            } else if (!(event instanceof StreamEvent.BlockStop) && !(event instanceof StreamEvent.Ping)) {
                throw new IllegalStateException("unhandled stream event " + event.getClass());
            }
        }

        ChatResponse finish() {
            StreamEvent.Stop end = stop;
            if (end == null) {
                throw new RouterException(ErrorKind.BAD_GATEWAY, "the answer ended before its stop event");
            }
            List<Content> content = new ArrayList<>(blocks.size());
            for (Block block : blocks.values()) {
                content.add(block.finish());
            }
            return new ChatResponse(id, model, content, end.reason(), end.stopSequence(), end.usage());
        }
    }

    /** One block being filled by its deltas. */
    private static final class Block {
        private final Content start;
        private final StringBuilder text = new StringBuilder();
        private @Nullable StringBuilder signature;
        private @Nullable StringBuilder input;

        Block(Content start) {
            this.start = start;
        }

        void add(StreamEvent.Delta delta) {
            if (delta instanceof StreamEvent.Delta.Text piece) {
                text.append(piece.text());
            } else if (delta instanceof StreamEvent.Delta.Thinking piece) {
                text.append(piece.text());
            } else if (delta instanceof StreamEvent.Delta.Signature piece) {
                if (signature == null) {
                    signature = new StringBuilder();
                }
                signature.append(piece.signature());
            } else if (delta instanceof StreamEvent.Delta.ToolInput piece) {
                if (input == null) {
                    input = new StringBuilder();
                }
                input.append(piece.partialJson());
            } else {
                throw new IllegalStateException("unhandled delta " + delta.getClass());
            }
        }

        Content finish() {
            if (start instanceof Content.Text t) {
                return new Content.Text(t.text() + text, t.cache());
            } else if (start instanceof Content.Thinking t) {
                return new Content.Thinking(t.text() + text, signature == null ? t.signature() : signature.toString());
            } else if (start instanceof Content.ToolUse t) {
                return new Content.ToolUse(t.id(), t.name(), input(t.input()), t.cache());
            } else if (start instanceof Content.ServerToolUse t) {
                return new Content.ServerToolUse(t.id(), t.name(), input(t.input()));
            }
            return start;
        }

        private JsonNode input(JsonNode initial) {
            if (input == null) {
                return initial;
            }
            String json = input.toString();
            if (json.isBlank()) {
                return JSON.createObjectNode();
            }
            try {
                return JSON.readTree(json);
            } catch (JacksonException e) {
                throw new RouterException(
                        ErrorKind.BAD_GATEWAY,
                        ErrorKind.BAD_GATEWAY.status(),
                        "a tool call's input is not valid JSON",
                        null,
                        e);
            }
        }
    }
}
