package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical events → {@code streamGenerateContent?alt=sse} frames for a Gemini client: {@code data:}
 * lines only, one {@code GenerateContentResponse} per piece of text, a function call whole when its
 * block stops (Gemini never streams arguments), the {@code finishReason} and usage in the last frame,
 * and no {@code [DONE]}. One instance per stream.
 */
final class GeminiStreamWriter implements Protocol.StreamWriter {

    /** A tool call being assembled from its input fragments. */
    private static final class Call {
        final String id;
        final String name;
        final JsonNode initial;
        final StringBuilder input = new StringBuilder();

        Call(Content.ToolUse use) {
            this.id = use.id();
            this.name = use.name();
            this.initial = use.input();
        }

        JsonNode args() {
            if (input.isEmpty()) {
                return initial;
            }
            JsonNode parsed = Json.tryParse(input.toString());
            return parsed != null && parsed.isObject() ? parsed : initial;
        }
    }

    private final ChatRequest clientRequest;
    private final ClientParts parts = new ClientParts();
    private final Map<Integer, Call> calls = new HashMap<>();
    private final Map<Integer, String> startSignatures = new HashMap<>();
    private String model;
    private String id = "";

    GeminiStreamWriter(ChatRequest clientRequest) {
        this.clientRequest = clientRequest;
        this.model = clientRequest.model();
    }

    @Override
    public List<SseFrame> onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            id = start.id();
            model = GeminiResponseMapper.modelName(start.model(), clientRequest);
            return List.of();
        }
        if (event instanceof StreamEvent.BlockStart blockStart) {
            return blockStart(blockStart.index(), blockStart.block());
        }
        if (event instanceof StreamEvent.BlockDelta blockDelta) {
            return blockDelta(blockDelta.index(), blockDelta.delta());
        }
        if (event instanceof StreamEvent.BlockStop blockStop) {
            String signature = startSignatures.remove(blockStop.index());
            if (signature != null) {
                parts.signature(signature);
            }
            Call call = calls.remove(blockStop.index());
            return call == null ? List.of() : frame(parts.call(call.id, call.name, call.args()), null);
        }
        if (event instanceof StreamEvent.Stop stop) {
            ArrayNode last = Json.array();
            parts.finish().forEach(last::add);
            if (last.isEmpty()) {
                last.addObject().put("text", "");
            }
            return List.of(SseFrame.data(Json.write(
                    GeminiResponseMapper.envelope(last, FinishReasons.write(stop.reason()), stop.usage(), model, id))));
        }
        if (event instanceof StreamEvent.Ping) {
            return List.of();
        }
        throw new IllegalStateException(
                "unhandled stream event " + event.getClass().getName());
    }

    @Override
    public List<SseFrame> onComplete() {
        return List.of();
    }

    @Override
    public List<SseFrame> onError(RouterException error) {
        return List.of(SseFrame.data(Json.write(GeminiErrors.write(error))));
    }

    private List<SseFrame> blockStart(int index, Content block) {
        if (block instanceof Content.Text text) {
            return frame(parts.text(text.text()), null);
        }
        if (block instanceof Content.Thinking thinking) {
            // A complete block's signature belongs after its text, which may still follow as deltas.
            if (thinking.signature() != null && !thinking.signature().isEmpty()) {
                startSignatures.put(index, thinking.signature());
            }
            return frame(parts.thought(thinking.text()), null);
        }
        if (block instanceof Content.ToolUse use) {
            calls.put(index, new Call(use));
            return List.of();
        }
        return AnthropicOnlyBlocks.dropInAssistantTurn(block);
    }

    private List<SseFrame> blockDelta(int index, StreamEvent.Delta delta) {
        if (delta instanceof StreamEvent.Delta.Text text) {
            return frame(parts.text(text.text()), null);
        }
        if (delta instanceof StreamEvent.Delta.Thinking thinking) {
            return frame(parts.thought(thinking.text()), null);
        }
        if (delta instanceof StreamEvent.Delta.Signature signature) {
            startSignatures.remove(index);
            if (!signature.signature().isEmpty()) {
                parts.signature(signature.signature());
            }
            return List.of();
        }
        if (delta instanceof StreamEvent.Delta.ToolInput input) {
            Call call = calls.get(index);
            if (call != null) {
                call.input.append(input.partialJson());
            }
            return List.of();
        }
        throw new IllegalStateException("unhandled delta " + delta.getClass().getName());
    }

    private List<SseFrame> frame(List<ObjectNode> newParts, @Nullable String finishReason) {
        if (newParts.isEmpty()) {
            return List.of();
        }
        ArrayNode array = Json.array();
        newParts.forEach(array::add);
        return List.of(SseFrame.data(Json.write(GeminiResponseMapper.envelope(array, finishReason, null, model, id))));
    }
}
