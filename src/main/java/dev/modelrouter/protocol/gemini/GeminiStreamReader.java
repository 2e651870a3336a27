package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.BlockCursor;
import dev.modelrouter.protocol.MalformedEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code streamGenerateContent?alt=sse} frames → canonical events (protocols.md 5.8, Gemini paragraph).
 * Each frame is a whole {@code GenerateContentResponse} holding only new parts: thought text streams
 * into a thinking block and text into a text block; a {@code functionCall} arrives whole and becomes a
 * complete tool-use block at once; a {@code thoughtSignature} becomes the signature of a thinking
 * block: the open one, else an empty one right before the call or right after the text that carried
 * it. The call and the
 * {@code finishReason} may come in different frames (https://github.com/googleapis/python-genai/issues/2868),
 * usage is a running total (the last one wins), and the stream ends at EOF: complete only when a
 * {@code finishReason} was seen. One instance per stream.
 */
final class GeminiStreamReader implements Protocol.StreamReader {

    private final String model;
    private boolean started;
    private boolean done;
    private String messageId = "";
    // Every thinking block gets a signature; the router's marker when Gemini gave none, which is
    // never sent back to Gemini or on to Anthropic as if it were real (SignatureCarrier).
    private final BlockCursor blocks = new BlockCursor(this::takeSignature);
    private int calls;
    private @Nullable String openSignature;
    private @Nullable String finishReason;
    private @Nullable String finishMessage;
    private @Nullable Usage usage;

    GeminiStreamReader(String model) {
        this.model = model;
    }

    @Override
    public List<StreamEvent> onFrame(SseFrame frame) {
        String data = frame.data().strip();
        if (done || data.isEmpty()) {
            return List.of();
        }
        JsonNode chunk = Json.tryParse(data);
        if (chunk == null || !chunk.isObject()) {
            throw MalformedEvents.malformed("upstream sent a stream event that is not a JSON object", null);
        }
        JsonNode error = Json.field(chunk, "error");
        if (error != null) {
            throw GeminiErrors.fromErrorObject(error, "upstream stream error");
        }
        JsonNode metadata = Json.field(chunk, "usageMetadata");
        if (metadata != null && metadata.isObject()) {
            usage = GeminiUsage.read(metadata);
        }
        List<StreamEvent> out = new ArrayList<>();
        start(Json.text(chunk, "responseId"), out);
        JsonNode candidate = Json.elements(chunk, "candidates").path(0);
        if (!candidate.isObject()) {
            String blocked = Json.text(Json.field(chunk, "promptFeedback"), "blockReason");
            if (blocked != null) {
                finishReason = "SAFETY";
            }
            return out;
        }
        for (JsonNode part : Json.elements(Json.field(candidate, "content"), "parts")) {
            part(part, out);
        }
        String finish = Json.text(candidate, "finishReason");
        if (finish != null && !finish.isEmpty() && !finish.equals("FINISH_REASON_UNSPECIFIED")) {
            finishReason = finish;
            finishMessage = Json.text(candidate, "finishMessage");
            FinishReasons.read(finish, calls > 0, finishMessage); // a broken tool call fails now
        }
        return out;
    }

    @Override
    public List<StreamEvent> onEnd() {
        if (done) {
            return List.of();
        }
        String finish = finishReason;
        if (finish == null) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream stream ended early (no finishReason)");
        }
        List<StreamEvent> out = new ArrayList<>();
        start(null, out);
        blocks.close(out);
        done = true;
        StopReason stop = FinishReasons.read(finish, calls > 0, finishMessage);
        out.add(new StreamEvent.Stop(stop, null, usage == null ? Usage.ZERO : usage));
        return out;
    }

    private void start(@Nullable String responseId, List<StreamEvent> out) {
        if (started) {
            return;
        }
        started = true;
        messageId =
                responseId == null || responseId.isEmpty() ? UUID.randomUUID().toString() : responseId;
        Usage prompt = usage == null ? Usage.ZERO : new Usage(usage.input(), 0, usage.cacheRead(), usage.cacheWrite());
        out.add(new StreamEvent.Start("msg_" + messageId, model, prompt));
    }

    private void part(JsonNode part, List<StreamEvent> out) {
        String wireSignature = Json.text(part, "thoughtSignature");
        String signature =
                wireSignature == null || wireSignature.isEmpty() ? null : ThoughtSignatures.fromUpstream(wireSignature);
        String text = Json.text(part, "text");
        if (Json.isTrue(part, "thought")) {
            blocks.ensureOpen(BlockCursor.Kind.THINKING, out);
            if (text != null && !text.isEmpty()) {
                out.add(new StreamEvent.BlockDelta(blocks.last(), new StreamEvent.Delta.Thinking(text)));
            }
            if (signature != null) {
                openSignature = signature;
            }
            return;
        }
        JsonNode call = Json.field(part, "functionCall");
        if (call != null) {
            if (signature != null) {
                sign(signature, out);
            }
            blocks.close(out);
            toolUse(call, out);
            return;
        }
        if (text != null && !text.isEmpty()) {
            blocks.ensureOpen(BlockCursor.Kind.TEXT, out);
            out.add(new StreamEvent.BlockDelta(blocks.last(), new StreamEvent.Delta.Text(text)));
        }
        if (signature != null) {
            sign(signature, out);
        }
    }

    /**
     * Puts a signature on the open thinking block when it has none, else on an empty thinking block of
     * its own: right before a function call, and right after text (text is not split for a signature).
     */
    private void sign(String signature, List<StreamEvent> out) {
        if (blocks.open() == BlockCursor.Kind.THINKING && openSignature == null) {
            openSignature = signature;
            return;
        }
        blocks.close(out);
        int index = blocks.next();
        out.add(new StreamEvent.BlockStart(index, new Content.Thinking("", null)));
        out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Signature(signature)));
        out.add(new StreamEvent.BlockStop(index));
    }

    private void toolUse(JsonNode call, List<StreamEvent> out) {
        String name = Json.text(call, "name");
        String callName = name == null ? "" : name;
        JsonNode args = Json.field(call, "args");
        JsonNode input = args != null && args.isObject() ? args : Json.object();
        String wireId = Json.text(call, "id");
        String id = GeminiResponseMapper.upstreamIds(messageId)
                .of(wireId == null || wireId.isEmpty() ? null : wireId, calls++, callName, input);
        int index = blocks.next();
        out.add(new StreamEvent.BlockStart(index, new Content.ToolUse(id, callName, Json.object(), null)));
        if (!input.isEmpty()) {
            out.add(new StreamEvent.BlockDelta(index, new StreamEvent.Delta.ToolInput(Json.write(input))));
        }
        out.add(new StreamEvent.BlockStop(index));
    }

    private String takeSignature() {
        String signature = openSignature != null ? openSignature : SignatureCarrier.NONE;
        openSignature = null;
        return signature;
    }
}
