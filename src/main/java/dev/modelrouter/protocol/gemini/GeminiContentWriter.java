package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.ToolResultText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical conversation → Gemini {@code contents}. The rules Gemini enforces, each a known 400:
 * roles {@code user}/{@code model} only, consecutive same-role turns merged, never an empty
 * {@code parts} nor an empty text part (https://github.com/vercel/ai/issues/3775), and as many
 * {@code functionResponse}s right after a model turn as it made {@code functionCall}s
 * (https://github.com/microsoft/vscode/issues/299295): a call without a result gets a synthesized
 * error result, even at the end of the conversation, and a result without a pending call becomes text.
 *
 * <p>A mid-conversation {@link Role#SYSTEM} note becomes plain text of the adjacent user turn: moving
 * it to {@code systemInstruction} would change the system prompt on every note and defeat Gemini's
 * implicit prefix cache, and a user turn keeps it where the client put it.
 *
 * <p>Thought text is never replayed. The signature of a thinking block that came from Gemini goes, as
 * {@code thoughtSignature}, on the part that follows the block in its turn (the stream reader puts the
 * block right before the part Gemini signed), else on the turn's last part. For Gemini 3, the first
 * {@code functionCall} of each model step of the current turn that still has none gets the documented
 * {@code skip_thought_signature_validator} (https://ai.google.dev/gemini-api/docs/thought-signatures).
 */
final class GeminiContentWriter {

    static final String MISSING_RESULT = "The tool call was cancelled: no result was returned.";

    /** One wire turn being built; function responses are kept apart so they always come first. */
    private static final class Turn {
        final String role;
        final List<ObjectNode> responses = new ArrayList<>();
        final List<ObjectNode> parts = new ArrayList<>();
        /** Whether the user wrote something here, rather than only answering calls: a new turn starts. */
        boolean prompt;

        Turn(String role) {
            this.role = role;
        }
    }

    private final Map<String, String> namesById = new HashMap<>();
    private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();
    private final List<Turn> turns = new ArrayList<>();

    private GeminiContentWriter() {}

    static ArrayNode write(List<Message> messages, boolean signatureRequired) {
        GeminiContentWriter writer = new GeminiContentWriter();
        for (Message message : messages) {
            for (Content block : message.content()) {
                if (block instanceof Content.ToolUse use) {
                    writer.namesById.putIfAbsent(use.id(), use.name());
                }
            }
        }
        for (Message message : messages) {
            writer.add(message);
        }
        writer.answerPending();
        if (signatureRequired) {
            writer.signCurrentTurn();
        }
        ArrayNode contents = Json.array();
        for (Turn turn : writer.turns) {
            if (turn.responses.isEmpty() && turn.parts.isEmpty()) {
                continue;
            }
            ObjectNode content = contents.addObject();
            content.put("role", turn.role);
            ArrayNode parts = content.putArray("parts");
            turn.responses.forEach(parts::add);
            turn.parts.forEach(parts::add);
        }
        return contents;
    }

    private void add(Message message) {
        if (message.role() == Role.ASSISTANT) {
            answerPending();
            model(message);
        } else if (message.role() == Role.USER) {
            user(message);
        } else if (message.role() == Role.SYSTEM) {
            Turn turn = turn("user");
            for (Content block : message.content()) {
                if (block instanceof Content.Text text) {
                    addText(turn.parts, text.text());
                }
            }
            turn.prompt |= !turn.parts.isEmpty();
        } else {
            throw new IllegalStateException("unhandled role " + message.role());
        }
    }

    private Turn turn(String role) {
        if (!turns.isEmpty() && turns.get(turns.size() - 1).role.equals(role)) {
            return turns.get(turns.size() - 1);
        }
        Turn turn = new Turn(role);
        turns.add(turn);
        return turn;
    }

    private void model(Message message) {
        Turn turn = turn("model");
        int first = turn.parts.size();
        String signature = null;
        for (Content block : message.content()) {
            ObjectNode part = null;
            if (block instanceof Content.Text text) {
                part = text.text().isEmpty() ? null : Json.object().put("text", text.text());
            } else if (block instanceof Content.Thinking thinking) {
                String gemini = ThoughtSignatures.toUpstream(thinking.signature());
                if (gemini != null) {
                    signature = gemini;
                }
            } else if (block instanceof Content.ToolUse use) {
                part = functionCall(use);
                pending.put(use.id(), use.name());
            } else if (AnthropicOnlyBlocks.inAssistantTurn(block)) {
                // Gemini cannot replay these as model output
            } else {
                throw AnthropicOnlyBlocks.unhandled(block);
            }
            if (part != null) {
                if (signature != null) {
                    part.put("thoughtSignature", signature);
                    signature = null;
                }
                turn.parts.add(part);
            }
        }
        if (signature != null && !turn.parts.isEmpty()) {
            ObjectNode last = turn.parts.get(turn.parts.size() - 1);
            if (!last.has("thoughtSignature")) {
                last.put("thoughtSignature", signature);
            }
        }
        signFirstCall(turn.parts.subList(first, turn.parts.size()));
    }

    /**
     * Gemini signs the first {@code functionCall} of a step; a signature that a thinking block placed on
     * an earlier part of the same step (thought summaries before the answer text) moves there.
     */
    private static void signFirstCall(List<ObjectNode> step) {
        for (int i = 0; i < step.size(); i++) {
            ObjectNode part = step.get(i);
            if (!part.has("functionCall")) {
                continue;
            }
            if (part.has("thoughtSignature")) {
                return;
            }
            for (int j = 0; j < i; j++) {
                if (step.get(j).has("thoughtSignature")) {
                    part.set("thoughtSignature", step.get(j).remove("thoughtSignature"));
                    return;
                }
            }
            return;
        }
    }

    private static ObjectNode functionCall(Content.ToolUse use) {
        ObjectNode part = Json.object();
        ObjectNode call = part.putObject("functionCall");
        String id = ToolIds.toGemini(use.id());
        if (id != null) {
            call.put("id", id);
        }
        call.put("name", use.name());
        call.set("args", use.input().isObject() ? use.input() : Json.object());
        return part;
    }

    private void user(Message message) {
        Turn turn = turn("user");
        for (Content block : message.content()) {
            if (block instanceof Content.ToolResult result) {
                toolResult(result, turn);
            } else {
                int before = turn.parts.size();
                GeminiMedia.addUserContent(block, turn.parts);
                turn.prompt |= turn.parts.size() > before;
            }
        }
    }

    private void toolResult(Content.ToolResult result, Turn turn) {
        List<ObjectNode> attachments = new ArrayList<>();
        List<String> texts = ToolResultText.lines(result, block -> GeminiMedia.addUserContent(block, attachments));
        String output = String.join("\n", texts);
        String name = pending.remove(result.toolUseId());
        if (name == null) {
            String known = namesById.getOrDefault(result.toolUseId(), result.toolUseId());
            addText(turn.parts, "Result of tool call " + known + (result.error() ? " (error)" : "") + ":\n" + output);
        } else {
            turn.responses.add(functionResponse(result.toolUseId(), name, output, result.error()));
        }
        turn.parts.addAll(attachments);
    }

    // The response must be an object (https://github.com/AstrBotDevs/AstrBot/pull/7216).
    private static ObjectNode functionResponse(String toolUseId, String name, String output, boolean error) {
        ObjectNode part = Json.object();
        ObjectNode response = part.putObject("functionResponse");
        String id = ToolIds.toGemini(toolUseId);
        if (id != null) {
            response.put("id", id);
        }
        response.put("name", name);
        response.putObject("response").put(error ? "error" : "output", output);
        return part;
    }

    private void answerPending() {
        if (pending.isEmpty()) {
            return;
        }
        Turn turn = turn("user");
        pending.forEach((id, name) -> turn.responses.add(functionResponse(id, name, MISSING_RESULT, true)));
        pending.clear();
    }

    private void signCurrentTurn() {
        int start = 0;
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (turn.role.equals("user") && turn.prompt) {
                start = i + 1;
            }
        }
        for (int i = start; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (!turn.role.equals("model")) {
                continue;
            }
            for (ObjectNode part : turn.parts) {
                if (part.has("functionCall")) {
                    if (!part.has("thoughtSignature")) {
                        part.put("thoughtSignature", ThoughtSignatures.SKIP_VALIDATOR);
                    }
                    break;
                }
            }
        }
    }

    static void addText(List<ObjectNode> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(Json.object().put("text", text));
        }
    }
}
