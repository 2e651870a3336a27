package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.SignatureCarrier;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GenerateContentResponse} ↔ canonical answers. */
final class GeminiResponseMapper {

    private GeminiResponseMapper() {}

    /** An upstream's complete answer; an {@code error} body or a broken tool call is thrown. */
    static ChatResponse read(JsonNode body) {
        if (!body.isObject()) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream answer is not a JSON object");
        }
        JsonNode error = Json.field(body, "error");
        if (error != null) {
            throw GeminiErrors.fromErrorObject(error, "upstream error");
        }
        String responseId = Json.text(body, "responseId");
        String messageId = responseId == null || responseId.isEmpty() ? ToolIds.hash(Json.write(body)) : responseId;
        String model = Json.text(body, "modelVersion");
        JsonNode metadata = Json.field(body, "usageMetadata");
        Usage usage = metadata == null ? Usage.ZERO : GeminiUsage.read(metadata);
        JsonNode candidate = Json.elements(body, "candidates").path(0);
        if (!candidate.isObject()) {
            String blocked = Json.text(Json.field(body, "promptFeedback"), "blockReason");
            if (blocked == null) {
                throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream answer has no candidates");
            }
            return new ChatResponse(
                    "msg_" + messageId, model == null ? "" : model, List.of(), StopReason.REFUSAL, null, usage);
        }
        List<Content> content = ModelParts.read(
                Json.elements(Json.field(candidate, "content"), "parts"),
                ThoughtSignatures::fromUpstream,
                upstreamIds(messageId));
        // every thinking block carries a signature, the router's marker where Gemini gave none
        content.replaceAll(c -> c instanceof Content.Thinking t && t.signature() == null
                ? new Content.Thinking(t.text(), SignatureCarrier.NONE)
                : c);
        String finish = Json.text(candidate, "finishReason");
        StopReason stop = FinishReasons.read(
                finish == null ? "STOP" : finish, ModelParts.hasCalls(content), Json.text(candidate, "finishMessage"));
        return new ChatResponse("msg_" + messageId, model == null ? "" : model, content, stop, null, usage);
    }

    /** Gemini's own call ids, marked; otherwise a stable id from the answer and the call. */
    static ModelParts.Ids upstreamIds(String messageId) {
        return (wireId, position, name, args) -> wireId != null
                ? ToolIds.fromGemini(wireId)
                : ToolIds.generated(messageId, Integer.toString(position), name, Json.write(args));
    }

    /** An answer for a Gemini client. */
    static ObjectNode write(ChatResponse response, ChatRequest clientRequest) {
        ClientParts builder = new ClientParts();
        ArrayNode parts = Json.array();
        for (Content block : response.content()) {
            if (block instanceof Content.Text text) {
                builder.text(text.text()).forEach(parts::add);
            } else if (block instanceof Content.Thinking thinking) {
                builder.thought(thinking.text()).forEach(parts::add);
                if (thinking.signature() != null && !thinking.signature().isEmpty()) {
                    builder.signature(thinking.signature());
                }
            } else if (block instanceof Content.ToolUse use) {
                builder.call(use.id(), use.name(), use.input()).forEach(parts::add);
            } else if (AnthropicOnlyBlocks.inAssistantTurn(block)) {
                // nothing a Gemini client can show
            } else {
                throw AnthropicOnlyBlocks.unhandled(block);
            }
        }
        builder.finish().forEach(parts::add);
        if (parts.isEmpty()) {
            parts.addObject().put("text", "");
        }
        return envelope(
                parts,
                FinishReasons.write(response.stopReason()),
                response.usage(),
                modelName(response.model(), clientRequest),
                response.id());
    }

    /** One {@code GenerateContentResponse}: a candidate with the parts, then usage, model and id. */
    static ObjectNode envelope(
            ArrayNode parts, @Nullable String finishReason, @Nullable Usage usage, String model, String id) {
        ObjectNode body = Json.object();
        ObjectNode candidate = body.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.set("parts", parts);
        content.put("role", "model");
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        if (usage != null) {
            body.set("usageMetadata", GeminiUsage.write(usage));
        }
        body.put("modelVersion", model);
        body.put("responseId", id.startsWith("msg_") ? id.substring(4) : id);
        return body;
    }

    /** The model that served the answer, as its provider named it, else the one the client asked for. */
    static String modelName(String answerModel, ChatRequest clientRequest) {
        return answerModel == null || answerModel.isBlank() ? clientRequest.model() : answerModel;
    }
}
