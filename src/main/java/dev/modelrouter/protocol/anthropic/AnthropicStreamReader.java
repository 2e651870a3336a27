package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.MalformedEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one Anthropic event stream into canonical events. Blocks of types this codec does not know
 * are skipped and the remaining ones renumbered, so canonical indexes stay 0, 1, 2, ...
 */
final class AnthropicStreamReader implements Protocol.StreamReader {

    /** How Anthropic begins a delta event; anything else goes the tree way. */
    private static final String DELTA_PREFIX = "{\"type\":\"content_block_delta\"";

    /** The two stops in exactly Anthropic's shape, read without a parser; any other form goes the tree way. */
    private static final String BLOCK_STOP_PREFIX = "{\"type\":\"content_block_stop\",\"index\":";

    private static final String MESSAGE_STOP = "{\"type\":\"message_stop\"}";

    private final Map<Integer, Integer> indexes = new HashMap<>();
    private int nextIndex;
    private Usage usage = Usage.ZERO;
    private StopReason stopReason = StopReason.END_TURN;
    private @Nullable String stopSequence;
    private boolean stopped;
    private final boolean scans;

    AnthropicStreamReader() {
        this(true);
    }

    /**
     * @param scans whether events in Anthropic's own shapes are read without a tree; {@code false}
     *     gives the tree-only reader that the scans are tested against
     */
    AnthropicStreamReader(boolean scans) {
        this.scans = scans;
    }

    @Override
    public List<StreamEvent> onFrame(SseFrame frame) {
        // Some Anthropic-compatible gateways end with an OpenAI-style marker; it carries nothing.
        if (stopped || frame.data().equals("[DONE]")) {
            return List.of();
        }
        List<StreamEvent> plain = scans ? plain(frame.data()) : null;
        if (plain != null) {
            return plain;
        }
        try {
            ObjectNode event = parse(frame);
            if (!event.has("type") && frame.event() != null) {
                event.put("type", frame.event());
            }
            return read(event);
        } catch (RouterException e) {
            throw AnthropicResponseMapper.malformed(e);
        }
    }

    @Override
    public List<StreamEvent> onEnd() {
        if (!stopped) {
            throw new RouterException(
                    ErrorKind.BAD_GATEWAY, "upstream stream ended before message_stop (the answer is incomplete)");
        }
        return List.of();
    }

    /** The events of {@code data} read without a tree, or {@code null} when it is not in one of Anthropic's own shapes. */
    private @Nullable List<StreamEvent> plain(String data) {
        List<StreamEvent> delta = plainDelta(data);
        if (delta != null) {
            return delta;
        }
        if (data.equals(MESSAGE_STOP)) {
            return stop();
        }
        int blockStop = plainBlockStop(data);
        if (blockStop >= 0) {
            return blockStop(blockStop);
        }
        if (data.startsWith(PlainEvents.MESSAGE_START)) {
            PlainEvents.Start start = PlainEvents.messageStart(data);
            return start == null ? null : start(start.id(), start.model(), start.usage());
        }
        if (data.startsWith(PlainEvents.BLOCK_START)) {
            PlainEvents.BlockStart start = PlainEvents.blockStart(data);
            return start == null ? null : blockStart(start.index(), start.block());
        }
        if (data.startsWith(PlainEvents.MESSAGE_DELTA)) {
            PlainEvents.MessageDelta news = PlainEvents.messageDelta(data, usage);
            if (news == null) {
                return null;
            }
            messageDelta(news.reason(), news.stopSequence(), news.usage());
            return List.of();
        }
        return null;
    }

    /**
     * A text, thinking or tool-input delta (nearly every event of a stream) read with the token stream
     * instead of a tree, which costs several objects per field; {@code null} when the event is not one
     * of these in the plain shape Anthropic writes, so the tree path reads it and reports any fault.
     */
    private @Nullable List<StreamEvent> plainDelta(String data) {
        if (!data.startsWith(DELTA_PREFIX)) {
            return null;
        }
        PlainDelta plain = PlainDelta.scan(data, DELTA_PREFIX.length());
        if (plain != null) {
            return delta(plain.index(), plain.type(), plain.field(), plain.value());
        }
        int upstream = -1;
        String deltaType = null;
        String field = null;
        String value = null;
        try (JsonParser p = Json.MAPPER.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("type")
                        && v == JsonToken.VALUE_STRING
                        && p.getString().equals("content_block_delta")) {
                    continue;
                } else if (name.equals("index") && v == JsonToken.VALUE_NUMBER_INT) {
                    upstream = p.getIntValue();
                } else if (name.equals("delta") && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String f = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING || (f.equals("type") ? deltaType : value) != null) {
                            return null;
                        }
                        if (f.equals("type")) {
                            deltaType = p.getString();
                        } else {
                            field = f;
                            value = p.getString();
                        }
                    }
                } else {
                    return null;
                }
            }
            if (t != JsonToken.END_OBJECT
                    || p.nextToken() != null
                    || upstream < 0
                    || deltaType == null
                    || field == null
                    || value == null) {
                return null;
            }
        } catch (JacksonException e) {
            return null;
        }
        return delta(upstream, deltaType, field, value);
    }

    /** A plain delta's event, {@code null} for a type or field this shape does not carry. */
    private @Nullable List<StreamEvent> delta(int upstream, String deltaType, String field, String value) {
        StreamEvent.Delta read = switch (deltaType) {
            case "text_delta" -> field.equals("text") ? new StreamEvent.Delta.Text(value) : null;
            case "thinking_delta" -> field.equals("thinking") ? new StreamEvent.Delta.Thinking(value) : null;
            case "input_json_delta" -> field.equals("partial_json") ? new StreamEvent.Delta.ToolInput(value) : null;
            default -> null;
        };
        if (read == null) {
            return null;
        }
        Integer index = indexes.get(upstream);
        return index == null ? List.of() : List.of(new StreamEvent.BlockDelta(index, read));
    }

    private static ObjectNode parse(SseFrame frame) {
        try {
            return Json.object(Json.MAPPER.readTree(frame.data()), "event");
        } catch (JacksonException e) {
            throw MalformedEvents.malformed("malformed upstream event: not JSON", e);
        }
    }

    private List<StreamEvent> read(ObjectNode event) {
        String type = Json.text(event, "type", "event");
        switch (type) {
            case "message_start": {
                ObjectNode message = Json.object(event, "message", "");
                Usage read = Json.present(message, "usage")
                        ? AnthropicResponseMapper.readUsage(message.get("usage"), Usage.ZERO)
                        : null;
                return start(Json.optText(message, "id", "message"), Json.optText(message, "model", "message"), read);
            }
            case "content_block_start":
                return blockStart(event);
            case "content_block_delta":
                return blockDelta(event);
            case "content_block_stop":
                return blockStop(Json.integer(event, "index", ""));
            case "message_delta":
                messageDelta(event);
                return List.of();
            case "message_stop":
                return stop();
            case "ping":
                return List.of(new StreamEvent.Ping());
            case "error":
                throw AnthropicErrors.fromEvent(event);
            default:
                return List.of();
        }
    }

    private List<StreamEvent> start(@Nullable String id, @Nullable String model, @Nullable Usage read) {
        if (read != null) {
            usage = read;
        }
        return List.of(new StreamEvent.Start(id == null ? "" : id, model == null ? "" : model, usage));
    }

    private List<StreamEvent> blockStop(int upstream) {
        Integer index = indexes.get(upstream);
        return index == null ? List.of() : List.of(new StreamEvent.BlockStop(index));
    }

    private List<StreamEvent> stop() {
        stopped = true;
        return List.of(new StreamEvent.Stop(stopReason, stopSequence, usage));
    }

    /** The upstream index of a block stop written exactly as Anthropic writes it, else -1. */
    static int plainBlockStop(String data) {
        if (!data.startsWith(BLOCK_STOP_PREFIX) || !data.endsWith("}")) {
            return -1;
        }
        int from = BLOCK_STOP_PREFIX.length();
        int end = PlainDelta.indexEnd(data, from);
        return end == data.length() - 1 ? Integer.parseInt(data, from, end, 10) : -1;
    }

    private List<StreamEvent> blockStart(ObjectNode event) {
        int upstream = Json.integer(event, "index", "");
        ObjectNode block = Json.object(event, "content_block", "");
        if (!AnthropicContent.isKnownType(Json.text(block, "type", "content_block"))) {
            return List.of();
        }
        Content content = AnthropicContent.read(block, "content_block");
        if (content instanceof Content.Thinking thinking && "".equals(thinking.signature())) {
            // The start's empty signature is a placeholder; the real one comes as a signature_delta.
            content = new Content.Thinking(thinking.text(), null);
        }
        return blockStart(upstream, content);
    }

    private List<StreamEvent> blockStart(int upstream, Content content) {
        int index = nextIndex++;
        indexes.put(upstream, index);
        return List.of(new StreamEvent.BlockStart(index, content));
    }

    private List<StreamEvent> blockDelta(ObjectNode event) {
        Integer index = indexes.get(Json.integer(event, "index", ""));
        if (index == null) {
            return List.of();
        }
        ObjectNode delta = Json.object(event, "delta", "");
        String type = Json.text(delta, "type", "delta");
        StreamEvent.Delta read;
        switch (type) {
            case "text_delta":
                read = new StreamEvent.Delta.Text(Json.text(delta, "text", "delta"));
                break;
            case "thinking_delta":
                read = new StreamEvent.Delta.Thinking(Json.text(delta, "thinking", "delta"));
                break;
            case "signature_delta":
                read = new StreamEvent.Delta.Signature(Json.text(delta, "signature", "delta"));
                break;
            case "input_json_delta":
                read = new StreamEvent.Delta.ToolInput(Json.text(delta, "partial_json", "delta"));
                break;
            default:
                // citations_delta and future delta types carry nothing the canonical model keeps.
                return List.of();
        }
        return List.of(new StreamEvent.BlockDelta(index, read));
    }

    private void messageDelta(ObjectNode event) {
        JsonNode delta = event.path("delta");
        JsonNode reason = delta.path("stop_reason");
        JsonNode sequence = delta.path("stop_sequence");
        messageDelta(
                reason.isString() ? AnthropicResponseMapper.readStopReason(reason.stringValue()) : null,
                sequence.isString() ? sequence.stringValue() : null,
                event.path("usage").isObject() ? AnthropicResponseMapper.readUsage(event.get("usage"), usage) : null);
    }

    /** A message delta's news: a {@code null} reason or usage leaves the one read before. */
    private void messageDelta(@Nullable StopReason reason, @Nullable String sequence, @Nullable Usage read) {
        if (reason != null) {
            stopReason = reason;
        }
        stopSequence = sequence;
        if (read != null) {
            usage = read;
        }
    }
}
