package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical events → {@code chat.completion.chunk} frames for an OpenAI client. Tool calls are numbered
 * by their own count (0, 1, 2, ...), not by the canonical block index. One instance per stream.
 */
final class OpenAiStreamWriter implements Protocol.StreamWriter {

    private String model;
    private final long created;
    private final boolean includeUsage;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String id = "chatcmpl-";

    OpenAiStreamWriter(ChatRequest clientRequest, long created) {
        this.model = clientRequest.model();
        this.created = created;
        JsonNode options = clientRequest.extensions().get(OpenAiRequestReader.STREAM_OPTIONS);
        this.includeUsage = options != null && options.path("include_usage").asBoolean(false);
    }

    @Override
    public List<SseFrame> onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            id = OpenAiResponseMapper.chatId(start.id());
            // the model that served the answer, as its provider named it: what the client is charged for
            model = OpenAiResponseMapper.modelName(start.model(), model);
            ObjectNode delta = WireJson.object();
            delta.put("role", "assistant");
            delta.put("content", "");
            return List.of(chunk(delta, null));
        }
        if (event instanceof StreamEvent.BlockStart blockStart) {
            return blockStart(blockStart.index(), blockStart.block());
        }
        if (event instanceof StreamEvent.BlockDelta blockDelta) {
            return blockDelta(blockDelta.index(), blockDelta.delta());
        }
        if (event instanceof StreamEvent.Stop stop) {
            List<SseFrame> frames = new ArrayList<>(2);
            frames.add(chunk(WireJson.object(), FinishReasons.write(stop.reason())));
            if (includeUsage) {
                ObjectNode usage = envelope();
                usage.putArray("choices");
                usage.set("usage", OpenAiUsage.write(stop.usage()));
                frames.add(frame(usage));
            }
            return frames;
        }
        if (event instanceof StreamEvent.BlockStop || event instanceof StreamEvent.Ping) {
            return List.of();
        }
        throw new IllegalStateException(
                "unhandled stream event " + event.getClass().getName());
    }

    @Override
    public List<SseFrame> onComplete() {
        return List.of(SseFrame.data("[DONE]"));
    }

    @Override
    public List<SseFrame> onError(RouterException error) {
        return List.of(frame(OpenAiErrors.write(error)));
    }

    private List<SseFrame> blockStart(int index, Content block) {
        if (block instanceof Content.ToolUse use) {
            int toolIndex = toolIndexByBlock.size();
            toolIndexByBlock.put(index, toolIndex);
            ObjectNode call = WireJson.object();
            call.put("index", toolIndex);
            call.put("id", use.id());
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", use.name());
            // A block that arrives complete (an exploded non-streamed answer) carries its input here.
            function.put("arguments", use.input().isEmpty() ? "" : WireJson.write(use.input()));
            return List.of(toolChunk(call));
        }
        if (block instanceof Content.Text text) {
            return text.text().isEmpty() ? List.of() : List.of(contentChunk("content", text.text()));
        }
        if (block instanceof Content.Thinking thinking) {
            return thinking.text().isEmpty() ? List.of() : List.of(contentChunk("reasoning_content", thinking.text()));
        }
        return AnthropicOnlyBlocks.dropInAssistantTurn(block);
    }

    private List<SseFrame> blockDelta(int index, StreamEvent.Delta delta) {
        if (delta instanceof StreamEvent.Delta.Text text) {
            return text.text().isEmpty() ? List.of() : List.of(contentChunk("content", text.text()));
        }
        if (delta instanceof StreamEvent.Delta.Thinking thinking) {
            return thinking.text().isEmpty() ? List.of() : List.of(contentChunk("reasoning_content", thinking.text()));
        }
        if (delta instanceof StreamEvent.Delta.ToolInput input) {
            Integer toolIndex = toolIndexByBlock.get(index);
            if (toolIndex == null || input.partialJson().isEmpty()) {
                return List.of(); // a server tool's input, or nothing
            }
            ObjectNode call = WireJson.object();
            call.put("index", toolIndex);
            call.putObject("function").put("arguments", input.partialJson());
            return List.of(toolChunk(call));
        }
        if (delta instanceof StreamEvent.Delta.Signature) {
            return List.of();
        }
        throw new IllegalStateException("unhandled delta " + delta.getClass().getName());
    }

    private SseFrame contentChunk(String field, String text) {
        ObjectNode delta = WireJson.object();
        delta.put(field, text);
        return chunk(delta, null);
    }

    private SseFrame toolChunk(ObjectNode call) {
        ObjectNode delta = WireJson.object();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    private SseFrame chunk(ObjectNode delta, @Nullable String finishReason) {
        ObjectNode chunk = envelope();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return frame(chunk);
    }

    private ObjectNode envelope() {
        ObjectNode chunk = WireJson.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static SseFrame frame(ObjectNode json) {
        return SseFrame.data(WireJson.write(json));
    }
}
