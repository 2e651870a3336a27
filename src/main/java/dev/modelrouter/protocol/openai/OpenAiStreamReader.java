package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.BlockCursor;
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
import tools.jackson.databind.node.ArrayNode;

/**
 * OpenAI chunks → canonical events, the state machine of protocols.md 5.8. Text and reasoning stream
 * live; tool calls are buffered per call and emitted complete at the end, one input delta each, which
 * survives interleaved parallel calls and duplicate indexes
 * (https://github.com/huggingface/smolagents/pull/1958) and never streams half a tool call. One
 * instance per stream.
 */
final class OpenAiStreamReader implements Protocol.StreamReader {

    /** One tool call being assembled from its fragments. */
    private static final class ToolBuffer {
        @Nullable
        String id;

        @Nullable
        String name;

        final StringBuilder arguments = new StringBuilder();
    }

    private final String model;
    private final ToolNames names;
    private final List<ToolBuffer> tools = new ArrayList<>();
    private final Map<Integer, ToolBuffer> toolsByWireIndex = new HashMap<>();
    private boolean started;
    private boolean done;
    private String upstreamId = "";
    // Every thinking block gets a signature (Claude Code may drop one without), the router's own
    // (SignatureCarrier), so it is never replayed to Anthropic as if it were real.
    private final BlockCursor blocks = new BlockCursor(this::takeSignature);
    private @Nullable String finishReason;
    private @Nullable Usage usage;
    /** OpenRouter's {@code reasoning_details} not yet carried by a thinking block's signature. */
    private ArrayNode details = WireJson.array();

    private final boolean scans;

    OpenAiStreamReader(String model, ToolNames names) {
        this(model, names, true);
    }

    /**
     * @param scans whether chunks of the usual shapes are read without a tree; {@code false} gives the
     *     tree-only reader that the scans are tested against
     */
    OpenAiStreamReader(String model, ToolNames names, boolean scans) {
        this.model = model;
        this.names = names;
        this.scans = scans;
    }

    @Override
    public List<StreamEvent> onFrame(SseFrame frame) {
        String data = frame.data().strip();
        if (done || data.isEmpty()) {
            return List.of();
        }
        List<StreamEvent> out = new ArrayList<>();
        if (data.equals("[DONE]")) {
            finish(out);
            return out;
        }
        if (scans && scanned(data, out)) {
            return out;
        }
        JsonNode chunk = WireJson.tryParse(data);
        if (chunk == null || !chunk.isObject()) {
            throw MalformedEvents.malformed("upstream sent a stream event that is not a JSON object", null);
        }
        JsonNode error = WireJson.field(chunk, "error");
        if (error != null) {
            throw OpenAiErrors.fromErrorObject(error, "upstream stream error");
        }
        start(WireJson.text(chunk, "id"), WireJson.text(chunk, "model"), out);
        JsonNode chunkUsage = WireJson.field(chunk, "usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = OpenAiUsage.read(chunkUsage);
        }
        JsonNode choice = chunk.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        JsonNode reasoningDetails = delta.path("reasoning_details");
        if (reasoningDetails.isArray()) {
            details.addAll((ArrayNode) reasoningDetails);
        }
        String reasoning = OpenAiReasoning.text(delta);
        if (!reasoning.isEmpty()) {
            blocks.ensureOpen(BlockCursor.Kind.THINKING, out);
            out.add(new StreamEvent.BlockDelta(blocks.last(), new StreamEvent.Delta.Thinking(reasoning)));
        }
        String content = WireJson.text(delta, "content");
        if (content != null) {
            text(content, out);
        }
        JsonNode calls = delta.path("tool_calls");
        for (int i = 0; calls.isArray() && i < calls.size(); i++) {
            bufferToolCall(ToolCallFragment.of(calls.get(i), i));
            blocks.close(out);
        }
        String finish = WireJson.text(choice, "finish_reason");
        if (finish != null) {
            finishReason = finish;
        }
        return out;
    }

    /** Whether {@code data} was read without a tree, its events added to {@code out}. */
    private boolean scanned(String data, List<StreamEvent> out) {
        String plain = started ? PlainChunk.content(data) : null;
        if (plain != null) {
            text(plain, out);
            return true;
        }
        ChunkFields chunk = ChunkFields.read(data);
        if (chunk == null) {
            return false;
        }
        // the tree path's order: start, usage, reasoning, text, finish
        start(chunk.id(), chunk.model(), out);
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        if (!chunk.reasoning().isEmpty()) {
            blocks.ensureOpen(BlockCursor.Kind.THINKING, out);
            out.add(new StreamEvent.BlockDelta(blocks.last(), new StreamEvent.Delta.Thinking(chunk.reasoning())));
        }
        if (chunk.content() != null) {
            text(chunk.content(), out);
        }
        for (ToolCallFragment call : chunk.toolCalls()) {
            bufferToolCall(call);
            blocks.close(out);
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        return true;
    }

    private void text(String content, List<StreamEvent> out) {
        if (!content.isEmpty()) {
            blocks.ensureOpen(BlockCursor.Kind.TEXT, out);
            out.add(new StreamEvent.BlockDelta(blocks.last(), new StreamEvent.Delta.Text(content)));
        }
    }

    @Override
    public List<StreamEvent> onEnd() {
        if (done) {
            return List.of();
        }
        if (finishReason == null) {
            throw new RouterException(
                    ErrorKind.BAD_GATEWAY, "upstream stream ended early (no finish_reason and no [DONE])");
        }
        List<StreamEvent> out = new ArrayList<>();
        finish(out);
        return out;
    }

    /** The stream's start, naming the model as the provider reported it (else as it was asked for). */
    private void start(@Nullable String chunkId, @Nullable String reportedModel, List<StreamEvent> out) {
        if (started) {
            return;
        }
        started = true;
        upstreamId = chunkId == null || chunkId.isEmpty() ? UUID.randomUUID().toString() : chunkId;
        String served = reportedModel == null || reportedModel.isBlank() ? model : reportedModel;
        out.add(new StreamEvent.Start("msg_" + upstreamId, served, Usage.ZERO));
    }

    private void bufferToolCall(ToolCallFragment call) {
        String id = call.id();
        ToolBuffer buffer = toolsByWireIndex.get(call.wireIndex());
        // Some servers reuse one index for parallel calls; a different id there is a new call.
        boolean newCall = buffer == null || id != null && !id.isEmpty() && buffer.id != null && !id.equals(buffer.id);
        if (newCall) {
            buffer = new ToolBuffer();
            tools.add(buffer);
            toolsByWireIndex.put(call.wireIndex(), buffer);
        }
        if (buffer.id == null && id != null && !id.isEmpty()) {
            buffer.id = id;
        }
        String name = call.name();
        if (buffer.name == null && name != null && !name.isEmpty()) {
            buffer.name = name;
        }
        if (call.arguments() != null) {
            buffer.arguments.append(call.arguments());
        }
    }

    private String takeSignature() {
        if (details.isEmpty()) {
            return SignatureCarrier.NONE;
        }
        String signature = OpenAiReasoning.signature(details);
        details = WireJson.array();
        return signature;
    }

    private void finish(List<StreamEvent> out) {
        start(null, null, out);
        blocks.close(out);
        if (!details.isEmpty()) {
            // continuity data that came after the reasoning text (Gemini via OpenRouter sends its
            // encrypted detail with the tool call): an empty thinking block carries it before the calls
            blocks.ensureOpen(BlockCursor.Kind.THINKING, out);
            blocks.close(out);
        }
        for (int i = 0; i < tools.size(); i++) {
            ToolBuffer tool = tools.get(i);
            String id =
                    tool.id == null ? ToolCallIds.generated("toolu_", upstreamId, i) : ToolCallIds.sanitize(tool.id);
            String name = names.original(tool.name == null ? "" : tool.name);
            int index = blocks.next();
            out.add(new StreamEvent.BlockStart(index, new Content.ToolUse(id, name, WireJson.object(), null)));
            StreamEvent.Delta.ToolInput input = ToolArguments.toDelta(tool.arguments.toString());
            if (input != null) {
                out.add(new StreamEvent.BlockDelta(index, input));
            }
            out.add(new StreamEvent.BlockStop(index));
        }
        done = true;
        out.add(new StreamEvent.Stop(
                FinishReasons.read(finishReason, !tools.isEmpty()), null, usage == null ? Usage.ZERO : usage));
    }
}
