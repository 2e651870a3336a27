package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes canonical events as the exact Anthropic event stream Claude Code and the Anthropic SDKs
 * parse (https://docs.anthropic.com/en/docs/build-with-claude/streaming): blocks always start empty
 * and fill through deltas, with a thinking block's signature as its last delta.
 */
final class AnthropicStreamWriter implements Protocol.StreamWriter {

    private static final SseFrame MESSAGE_STOP = new SseFrame("message_stop", "{\"type\":\"message_stop\"}");
    private static final String BLOCK_START = "{\"type\":\"content_block_start\",\"index\":";
    private static final String TEXT_START = ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    private static final SseFrame PING = new SseFrame("ping", "{\"type\":\"ping\"}");

    private final String model;
    private final boolean servedModel;
    private final Map<Integer, String> pendingSignatures = new HashMap<>();
    private @Nullable Usage startUsage;

    AnthropicStreamWriter(String model) {
        this(model, false);
    }

    /** {@code servedModel}: name the model of the stream's start, as its provider reported it, not {@code model}. */
    AnthropicStreamWriter(String model, boolean servedModel) {
        this.model = model;
        this.servedModel = servedModel;
    }

    @Override
    public List<SseFrame> onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            return List.of(messageStart(start));
        } else if (event instanceof StreamEvent.BlockStart start) {
            return blockStart(start);
        } else if (event instanceof StreamEvent.BlockDelta delta) {
            if (delta.delta() instanceof StreamEvent.Delta.Signature) {
                pendingSignatures.remove(delta.index());
            }
            if (delta.delta() instanceof StreamEvent.Delta.ToolInput input
                    && input.partialJson().isEmpty()
                    && input.unparsed() != null) {
                return List.of(); // unreadable arguments nobody repaired: the start's {} stands
            }
            return List.of(delta(delta.index(), delta.delta()));
        } else if (event instanceof StreamEvent.BlockStop stop) {
            return blockStop(stop.index());
        } else if (event instanceof StreamEvent.Stop stop) {
            return List.of(messageDelta(stop), MESSAGE_STOP);
        } else if (event instanceof StreamEvent.Ping) {
            return List.of(PING);
        }
        throw new IllegalStateException("unhandled stream event " + event.getClass());
    }

    @Override
    public List<SseFrame> onComplete() {
        return List.of();
    }

    @Override
    public List<SseFrame> onError(RouterException error) {
        return List.of(frame("error", AnthropicErrors.write(error)));
    }

    /**
     * The message start, the one event of every stream that has the client's model, written as text
     * like the other fixed-shape events here: the same bytes a tree gives (fields in the same order,
     * Jackson's own escaping), which the codec tests compare.
     */
    private SseFrame messageStart(StreamEvent.Start start) {
        startUsage = start.usage();
        StringBuilder data = new StringBuilder(320).append("{\"type\":\"message_start\",\"message\":{\"id\":");
        quoted(data, start.id()).append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
        quoted(data, servedModel ? AnthropicProtocol.told(start.model(), model) : model)
                .append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":");
        return new SseFrame(
                "message_start", usage(data, start.usage()).append("}}").toString());
    }

    private List<SseFrame> blockStart(StreamEvent.BlockStart start) {
        int index = start.index();
        Content block = start.block();
        List<SseFrame> out = new ArrayList<>(2);
        StreamEvent.Delta initial = null;
        ObjectNode empty;
        if (block instanceof Content.Text text) {
            out.add(new SseFrame("content_block_start", BLOCK_START + index + TEXT_START));
            if (!text.text().isEmpty()) {
                out.add(delta(index, new StreamEvent.Delta.Text(text.text())));
            }
            return out;
        } else if (block instanceof Content.Thinking thinking) {
            empty = Json.object().put("type", "thinking").put("thinking", "").put("signature", "");
            initial = thinking.text().isEmpty() ? null : new StreamEvent.Delta.Thinking(thinking.text());
            if (thinking.signature() != null && !thinking.signature().isEmpty()) {
                pendingSignatures.put(index, thinking.signature());
            }
        } else if (block instanceof Content.ToolUse use) {
            empty = Json.object().put("type", "tool_use").put("id", use.id()).put("name", use.name());
            empty.putObject("input");
            initial = inputDelta(use.input());
        } else if (block instanceof Content.ServerToolUse use) {
            empty = Json.object()
                    .put("type", "server_tool_use")
                    .put("id", use.id())
                    .put("name", use.name());
            empty.putObject("input");
            initial = inputDelta(use.input());
        } else {
            empty = AnthropicContent.write(block);
        }
        ObjectNode event = Json.object().put("type", "content_block_start").put("index", index);
        event.set("content_block", empty);
        out.add(frame("content_block_start", event));
        if (initial != null) {
            out.add(delta(index, initial));
        }
        return out;
    }

    private static StreamEvent.@Nullable Delta inputDelta(JsonNode input) {
        return input.isEmpty() ? null : new StreamEvent.Delta.ToolInput(Json.MAPPER.writeValueAsString(input));
    }

    private List<SseFrame> blockStop(int index) {
        List<SseFrame> out = new ArrayList<>(2);
        String signature = pendingSignatures.remove(index);
        if (signature != null) {
            out.add(delta(index, new StreamEvent.Delta.Signature(signature)));
        }
        out.add(new SseFrame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
        return out;
    }

    /**
     * A delta, nearly every event of a stream, written as text: the tree and the generator it took
     * cost more than the event itself. The same bytes as {@link #frame} writes for the same fields
     * (Jackson's own string escaping, fields in the same order), which the codec tests compare.
     */
    private static SseFrame delta(int index, StreamEvent.Delta delta) {
        String type;
        String field;
        String value;
        if (delta instanceof StreamEvent.Delta.Text text) {
            type = "text_delta";
            field = "text";
            value = text.text();
        } else if (delta instanceof StreamEvent.Delta.Thinking thinking) {
            type = "thinking_delta";
            field = "thinking";
            value = thinking.text();
        } else if (delta instanceof StreamEvent.Delta.Signature signature) {
            type = "signature_delta";
            field = "signature";
            value = signature.signature();
        } else if (delta instanceof StreamEvent.Delta.ToolInput input) {
            type = "input_json_delta";
            field = "partial_json";
            value = input.partialJson();
        } else {
            throw new IllegalStateException("unhandled delta " + delta.getClass());
        }
        StringBuilder data = new StringBuilder(value.length() + 96)
                .append("{\"type\":\"content_block_delta\",\"index\":")
                .append(index)
                .append(",\"delta\":{\"type\":\"")
                .append(type)
                .append("\",\"")
                .append(field)
                .append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, data);
        return new SseFrame("content_block_delta", data.append("\"}}").toString());
    }

    /**
     * Usage in {@code message_delta} is cumulative and its input counts overwrite the start's, so
     * they are sent only when they changed (an upstream that reports prompt tokens at the end).
     */
    private SseFrame messageDelta(StreamEvent.Stop stop) {
        StringBuilder data = new StringBuilder(200)
                .append("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"")
                .append(AnthropicResponseMapper.writeStopReason(stop.reason()))
                .append("\",\"stop_sequence\":");
        if (stop.stopSequence() == null) {
            data.append("null");
        } else {
            quoted(data, stop.stopSequence());
        }
        data.append("},\"usage\":");
        Usage usage = stop.usage();
        Usage start = startUsage;
        if (start != null
                && start.input() == usage.input()
                && start.cacheRead() == usage.cacheRead()
                && start.cacheWrite() == usage.cacheWrite()) {
            data.append("{\"output_tokens\":").append(usage.output()).append('}');
        } else {
            usage(data, usage);
        }
        return new SseFrame("message_delta", data.append('}').toString());
    }

    /** {@code usage} as {@link AnthropicResponseMapper#writeUsage} writes it. */
    private static StringBuilder usage(StringBuilder data, Usage usage) {
        return data.append("{\"input_tokens\":")
                .append(usage.input())
                .append(",\"cache_creation_input_tokens\":")
                .append(usage.cacheWrite())
                .append(",\"cache_read_input_tokens\":")
                .append(usage.cacheRead())
                .append(",\"output_tokens\":")
                .append(usage.output())
                .append('}');
    }

    private static StringBuilder quoted(StringBuilder data, String value) {
        data.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, data);
        return data.append('"');
    }

    private static SseFrame frame(String name, ObjectNode body) {
        return new SseFrame(name, Json.MAPPER.writeValueAsString(body));
    }
}
