package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI {@code chat.completion} objects ↔ canonical answers. */
final class OpenAiResponseMapper {

    private OpenAiResponseMapper() {}

    /** An upstream's answer; some vendors answer 200 with an {@code error} body, which is thrown. */
    static ChatResponse read(JsonNode body, ToolNames names) {
        JsonNode error = WireJson.field(body, "error");
        if (error != null) {
            throw OpenAiErrors.fromErrorObject(error, "upstream error");
        }
        if (!body.isObject()) {
            throw new RouterException(ErrorKind.BAD_GATEWAY, "upstream answer is not a JSON object");
        }
        String upstreamId = WireJson.text(body, "id");
        String id = "msg_" + (upstreamId == null ? "" : upstreamId);
        String model = WireJson.text(body, "model");
        JsonNode choice = body.path("choices").path(0);
        JsonNode message = choice.path("message");
        List<Content> content = new ArrayList<>();
        String reasoning = OpenAiReasoning.text(message);
        JsonNode details = message.path("reasoning_details");
        boolean carried = details.isArray() && !details.isEmpty();
        if (!reasoning.isEmpty() || carried) {
            content.add(new Content.Thinking(
                    reasoning, carried ? OpenAiReasoning.signature((ArrayNode) details) : SignatureCarrier.NONE));
        }
        String text = WireJson.text(message, "content");
        if (text != null && !text.isEmpty()) {
            content.add(Content.Text.of(text));
        }
        JsonNode calls = message.path("tool_calls");
        if (!calls.isArray()) {
            calls = WireJson.array();
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            String callId = WireJson.text(call, "id");
            String name = WireJson.text(call.path("function"), "name");
            String arguments = WireJson.text(call.path("function"), "arguments");
            content.add(new Content.ToolUse(
                    callId == null || callId.isEmpty()
                            ? ToolCallIds.generated("toolu_", upstreamId == null ? "" : upstreamId, i)
                            : ToolCallIds.sanitize(callId),
                    names.original(name == null ? "" : name),
                    ToolArguments.toObject(arguments == null ? "" : arguments),
                    null));
        }
        StopReason stop = FinishReasons.read(WireJson.text(choice, "finish_reason"), calls.size() > 0);
        JsonNode usage = WireJson.field(body, "usage");
        return new ChatResponse(
                id,
                model == null ? "" : model,
                content,
                stop,
                null,
                usage == null ? Usage.ZERO : OpenAiUsage.read(usage));
    }

    /**
     * An upstream's answer as events ({@link StreamEvents#list}), except that a tool call whose arguments
     * are not a JSON object gets the one input delta a stream reader gives it: the strict reading with
     * the provider's raw text beside it ({@link ToolArguments#toDelta}), so {@code enhancetool} repairs
     * a complete answer as it repairs a streamed one.
     */
    static List<StreamEvent> readEvents(JsonNode body, ToolNames names) {
        ChatResponse response = read(body, names);
        List<StreamEvent> events = StreamEvents.list(response);
        JsonNode calls = body.path("choices").path(0).path("message").path("tool_calls");
        // the calls are the answer's last blocks, in order (read above)
        int first = response.content().size() - calls.size();
        Map<Integer, StreamEvent.Delta.ToolInput> unread = new HashMap<>();
        for (int i = 0; i < calls.size(); i++) {
            String arguments = WireJson.text(calls.get(i).path("function"), "arguments");
            StreamEvent.Delta.ToolInput input = ToolArguments.toDelta(arguments == null ? "" : arguments);
            if (input != null && input.unparsed() != null) {
                unread.put(first + i, input);
            }
        }
        if (unread.isEmpty()) {
            return events;
        }
        List<StreamEvent> out = new ArrayList<>(events.size() + unread.size());
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.BlockDelta delta
                    && delta.delta() instanceof StreamEvent.Delta.ToolInput
                    && unread.containsKey(delta.index())) {
                continue; // replaced by the delta that carries the raw text
            }
            out.add(event);
            if (event instanceof StreamEvent.BlockStart start && unread.containsKey(start.index())) {
                out.add(new StreamEvent.BlockDelta(start.index(), unread.get(start.index())));
            }
        }
        return out;
    }

    /** An answer for an OpenAI client. */
    static ObjectNode write(ChatResponse response, ChatRequest clientRequest, long created) {
        List<String> texts = new ArrayList<>();
        List<String> reasoning = new ArrayList<>();
        ArrayNode calls = WireJson.array();
        for (Content block : response.content()) {
            if (block instanceof Content.Text text) {
                texts.add(text.text());
            } else if (block instanceof Content.Thinking thinking) {
                if (!thinking.text().isEmpty()) {
                    reasoning.add(thinking.text());
                }
            } else if (block instanceof Content.ToolUse use) {
                ObjectNode call = calls.addObject();
                call.put("id", use.id());
                call.put("type", "function");
                ObjectNode function = call.putObject("function");
                function.put("name", use.name());
                function.put("arguments", WireJson.write(use.input()));
            } else if (AnthropicOnlyBlocks.inAssistantTurn(block)) {
                // nothing an OpenAI client can show
            } else {
                throw AnthropicOnlyBlocks.unhandled(block);
            }
        }
        ObjectNode body = WireJson.object();
        body.put("id", chatId(response.id()));
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", modelName(response.model(), clientRequest.model()));
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        // Streamed text is concatenated as is, so a complete answer is too.
        String text = String.join("", texts);
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", String.join("\n\n", reasoning));
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        message.putNull("refusal");
        choice.put("finish_reason", FinishReasons.write(response.stopReason()));
        choice.putNull("logprobs");
        body.set("usage", OpenAiUsage.write(response.usage()));
        return body;
    }

    /** {@code chatcmpl-} ids for OpenAI clients, whatever the upstream's id looked like. */
    static String chatId(String id) {
        String bare = id.startsWith("msg_") ? id.substring(4) : id;
        return bare.startsWith("chatcmpl-") ? bare : "chatcmpl-" + bare;
    }

    /** The model an OpenAI client is told served it: the one its provider named, else the one it asked for. */
    static String modelName(String served, String asked) {
        return served == null || served.isBlank() ? asked : served;
    }
}
