package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.MalformedEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Responses stream events → canonical events (protocols.md section 3). Text, reasoning and tool
 * arguments stream live, one block open at a time, indexes 0, 1, 2, .... Blocks open lazily on their
 * first content, since some servers (Ollama) skip the {@code *.added} events; a reasoning item's
 * encrypted content arrives with its {@code output_item.done} and becomes the block's last delta, a
 * signature. One instance per stream.
 */
final class ResponsesStreamReader implements Protocol.StreamReader {

    private enum Kind {
        TEXT,
        THINKING,
        TOOL
    }

    /** One output item of the response, keyed by its output index and id. */
    private static final class Item {
        final int position;

        @Nullable
        Kind kind;

        @Nullable
        String callId;

        @Nullable
        String name;

        int block = -1;
        boolean streamed;
        boolean signed;
        int part = -1;
        final StringBuilder pendingArguments = new StringBuilder();

        Item(int position) {
            this.position = position;
        }
    }

    private final String model;
    private final ToolNames names;
    private final Map<Integer, Item> byIndex = new HashMap<>();
    private final Map<String, Item> byId = new HashMap<>();
    private boolean started;
    private boolean done;
    private boolean sawToolCall;
    private boolean sawRefusal;
    private String responseId = "";
    private int nextIndex;
    private int itemCount;
    private @Nullable Item open;
    private @Nullable Item last;

    ResponsesStreamReader(String model, ToolNames names) {
        this.model = model;
        this.names = names;
    }

    @Override
    public List<StreamEvent> onFrame(SseFrame frame) {
        String data = frame.data().strip();
        if (done || data.isEmpty() || data.equals("[DONE]")) {
            return List.of();
        }
        JsonNode event = WireJson.tryParse(data);
        if (event == null || !event.isObject()) {
            throw MalformedEvents.malformed("upstream sent a stream event that is not a JSON object", null);
        }
        String type = WireJson.text(event, "type");
        if (type == null) {
            type = frame.event() == null ? "" : frame.event();
        }
        List<StreamEvent> out = new ArrayList<>();
        switch (type) {
            case "error" -> {
                JsonNode nested = WireJson.field(event, "error");
                throw ResponsesErrors.of(nested != null && nested.isObject() ? nested : event, "upstream stream error");
            }
            case "response.failed" ->
                throw ResponsesErrors.of(WireJson.field(event.path("response"), "error"), "upstream response failed");
            case "response.created", "response.in_progress", "response.queued" -> start(event.path("response"), out);
            case "response.output_item.added" -> itemAdded(event, out);
            case "response.reasoning_summary_text.delta" -> thinkingDelta(event, "summary_index", out);
            case "response.reasoning_text.delta" -> thinkingDelta(event, "content_index", out);
            case "response.output_text.delta" -> textDelta(event, out);
            case "response.refusal.delta" -> {
                sawRefusal = true;
                textDelta(event, out);
            }
            case "response.function_call_arguments.delta" -> argumentsDelta(event, out);
            case "response.output_item.done" -> itemDone(event, out);
            case "response.completed", "response.incomplete" -> finish(event.path("response"), out);
            default -> {
                // content_part, *.done text events, annotations, keep-alives: nothing new
            }
        }
        return out;
    }

    @Override
    public List<StreamEvent> onEnd() {
        if (done) {
            return List.of();
        }
        throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream stream ended early (no response.completed)");
    }

    private void start(JsonNode response, List<StreamEvent> out) {
        if (started) {
            return;
        }
        started = true;
        String id = WireJson.text(response, "id");
        responseId = id == null || id.isEmpty() ? UUID.randomUUID().toString() : id;
        out.add(new StreamEvent.Start("msg_" + responseId, model, Usage.ZERO));
    }

    private void itemAdded(JsonNode event, List<StreamEvent> out) {
        JsonNode wire = event.path("item");
        Item item = item(event, wire, out);
        if (item.kind == Kind.TOOL) {
            ensureOpen(item, out);
        }
    }

    private void thinkingDelta(JsonNode event, String partField, List<StreamEvent> out) {
        Item item = item(event, null, out);
        if (item.kind == null) {
            item.kind = Kind.THINKING;
        }
        String text = WireJson.text(event, "delta");
        if (text == null || text.isEmpty() || !ensureOpen(item, out)) {
            return;
        }
        int part = WireJson.integer(event, partField);
        if (item.streamed && part != item.part) {
            text = "\n\n" + text;
        }
        item.part = part;
        emit(item, new StreamEvent.Delta.Thinking(text), out);
    }

    private void textDelta(JsonNode event, List<StreamEvent> out) {
        Item item = item(event, null, out);
        if (item.kind == null) {
            item.kind = Kind.TEXT;
        }
        String text = WireJson.text(event, "delta");
        if (text != null && !text.isEmpty() && ensureOpen(item, out)) {
            emit(item, new StreamEvent.Delta.Text(text), out);
        }
    }

    private void argumentsDelta(JsonNode event, List<StreamEvent> out) {
        Item item = item(event, null, out);
        item.kind = Kind.TOOL;
        sawToolCall = true;
        String fragment = WireJson.text(event, "delta");
        if (fragment == null || fragment.isEmpty()) {
            return;
        }
        if (item.pendingArguments.length() == 0 && ensureOpen(item, out)) {
            emit(item, new StreamEvent.Delta.ToolInput(fragment), out);
        } else {
            item.pendingArguments.append(fragment); // the call's name is not known yet
        }
    }

    private void itemDone(JsonNode event, List<StreamEvent> out) {
        JsonNode wire = event.path("item");
        Item item = item(event, wire, out);
        if (item.kind == Kind.THINKING) {
            String signature = ResponsesResponseReader.signature(wire);
            if (item.block < 0) {
                String text = ResponsesResponseReader.reasoningText(wire);
                if (text.isEmpty() && signature == null) {
                    return;
                }
                ensureOpen(item, out);
                if (!text.isEmpty()) {
                    emit(item, new StreamEvent.Delta.Thinking(text), out);
                }
            }
            if (open == item && signature != null) {
                out.add(new StreamEvent.BlockDelta(item.block, new StreamEvent.Delta.Signature(signature)));
                item.signed = true;
            }
        } else if (item.kind == Kind.TEXT) {
            StringBuilder text = new StringBuilder();
            sawRefusal |= ResponsesResponseReader.messageText(wire, text);
            if (item.block < 0 && text.length() > 0) {
                ensureOpen(item, out);
                emit(item, new StreamEvent.Delta.Text(text.toString()), out);
            }
        } else if (item.kind == Kind.TOOL) {
            if (item.name == null) {
                item.name = "";
            }
            String arguments = item.pendingArguments.length() > 0
                    ? item.pendingArguments.toString()
                    : ResponsesResponseReader.nonNull(WireJson.text(wire, "arguments"));
            item.pendingArguments.setLength(0);
            if ((item.block < 0 || (open == item && !item.streamed)) && ensureOpen(item, out) && !arguments.isBlank()) {
                emit(item, new StreamEvent.Delta.ToolInput(arguments), out);
            }
        }
        if (open == item) {
            closeOpen(out);
        }
    }

    private void finish(JsonNode response, List<StreamEvent> out) {
        start(response, out);
        closeOpen(out);
        for (JsonNode item : response.path("output")) {
            sawToolCall |= "function_call".equals(WireJson.text(item, "type"));
        }
        StopReason reason;
        if (nextIndex == 0 && !"failed".equals(WireJson.text(response, "status"))) {
            // A server that streamed no items still lists them in the final response.
            ChatResponse complete = ResponsesResponseReader.read(response, names);
            complete.content().forEach(block -> replay(block, out));
            reason = complete.stopReason();
        } else {
            reason = ResponsesResponseReader.stopReason(response, sawToolCall, sawRefusal);
        }
        StreamEvent.Stop stop =
                new StreamEvent.Stop(reason, null, ResponsesResponseReader.usage(WireJson.field(response, "usage")));
        done = true;
        out.add(stop);
    }

    /** The item an event is about, found by output index or item id, created on first sight. */
    /**
     * The event's item, once the message has started; {@code wire}, the item's own JSON when the event
     * carries it, describes the item.
     */
    private Item item(JsonNode event, @Nullable JsonNode wire, List<StreamEvent> out) {
        start(WireJson.object(), out);
        Item item = find(event, wire);
        if (wire != null) {
            describe(item, wire);
        }
        return item;
    }

    private Item find(JsonNode event, @Nullable JsonNode wire) {
        JsonNode indexNode = WireJson.field(event, "output_index");
        Integer index = indexNode != null && indexNode.isIntegralNumber() ? WireJson.saturatedInt(indexNode) : null;
        String id = WireJson.text(event, "item_id");
        if (id == null && wire != null) {
            id = WireJson.text(wire, "id");
        }
        if (index == null && id == null && last != null) {
            return last; // an event that names no item continues the current one
        }
        Item item = index == null ? null : byIndex.get(index);
        if (item == null && id != null) {
            item = byId.get(id);
        }
        if (item == null) {
            item = new Item(index == null ? itemCount : index);
            itemCount++;
        }
        last = item;
        if (index != null) {
            byIndex.putIfAbsent(index, item);
        }
        if (id != null) {
            byId.putIfAbsent(id, item);
        }
        return item;
    }

    /** Fills in what an item's full form says: its kind and, for a function call, its id and name. */
    private void describe(Item item, JsonNode wire) {
        String type = WireJson.text(wire, "type");
        if ("reasoning".equals(type)) {
            item.kind = Kind.THINKING;
        } else if ("message".equals(type)) {
            item.kind = Kind.TEXT;
        } else if ("function_call".equals(type)) {
            item.kind = Kind.TOOL;
            sawToolCall = true;
            String callId = WireJson.text(wire, "call_id");
            if (item.callId == null && callId != null && !callId.isEmpty()) {
                item.callId = callId;
            }
            String name = WireJson.text(wire, "name");
            if (item.name == null && name != null && !name.isEmpty()) {
                item.name = name;
            }
        }
    }

    /**
     * Makes the item's block the open one, opening it (after closing another) when it has none yet. A
     * text or thinking item interrupted by another gets a new block; a tool call cannot be reopened, and
     * cannot open before its name is known.
     */
    private boolean ensureOpen(Item item, List<StreamEvent> out) {
        if (open == item) {
            return true;
        }
        if (item.kind == Kind.TOOL && (item.block >= 0 || item.name == null)) {
            return false;
        }
        closeOpen(out);
        item.block = nextIndex++;
        item.streamed = false;
        item.part = -1;
        out.add(new StreamEvent.BlockStart(item.block, initial(item)));
        open = item;
        return true;
    }

    private Content initial(Item item) {
        if (item.kind == Kind.TOOL) {
            String id = item.callId == null
                    ? ToolCallIds.generated("call_", responseId, item.position)
                    : ToolCallIds.sanitize(item.callId);
            return new Content.ToolUse(
                    id, names.original(ResponsesResponseReader.nonNull(item.name)), WireJson.object(), null);
        }
        return item.kind == Kind.THINKING ? new Content.Thinking("", null) : Content.Text.of("");
    }

    private void emit(Item item, StreamEvent.Delta delta, List<StreamEvent> out) {
        item.streamed = true;
        out.add(new StreamEvent.BlockDelta(item.block, delta));
    }

    private void replay(Content block, List<StreamEvent> out) {
        int index = nextIndex++;
        if (block instanceof Content.Text text) {
            out.add(new StreamEvent.BlockStart(index, Content.Text.of("")));
            out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Text(text.text())));
        } else if (block instanceof Content.Thinking thinking) {
            out.add(new StreamEvent.BlockStart(index, new Content.Thinking("", null)));
            if (!thinking.text().isEmpty()) {
                out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Thinking(thinking.text())));
            }
            String signature = thinking.signature() != null ? thinking.signature() : SignatureCarrier.NONE;
            out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Signature(signature)));
        } else if (block instanceof Content.ToolUse use) {
            out.add(new StreamEvent.BlockStart(
                    index, new Content.ToolUse(use.id(), use.name(), WireJson.object(), null)));
            if (!use.input().isEmpty()) {
                out.add(new StreamEvent.BlockDelta(
                        index, new StreamEvent.Delta.ToolInput(WireJson.write(use.input()))));
            }
        } else {
            throw new IllegalStateException(
                    "the response reader yields no " + block.getClass().getName());
        }
        out.add(new StreamEvent.BlockStop(index));
    }

    // Every thinking block gets a signature: the router's marker when the item carried no encrypted
    // content (SignatureCarrier), never sent back to a Responses upstream or on to Anthropic.
    private void closeOpen(List<StreamEvent> out) {
        if (open != null) {
            if (open.kind == Kind.THINKING && !open.signed) {
                out.add(new StreamEvent.BlockDelta(open.block, new StreamEvent.Delta.Signature(SignatureCarrier.NONE)));
                open.signed = true;
            }
            out.add(new StreamEvent.BlockStop(open.block));
            open = null;
        }
    }
}
