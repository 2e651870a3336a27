package dev.modelrouter.protocol.gemini;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the parts a Gemini client sees, in order, as Gemini itself would: thought text as
 * {@code thought} parts, and a thinking block's signature on the function call that follows it, because
 * clients such as Gemini CLI drop thought parts from the history they send back. Any other signature
 * gets an empty text part of its own, as Gemini does at the end of a turn. {@link ModelParts} reads
 * these parts back into the same blocks.
 */
final class ClientParts {

    private @Nullable String signature;

    /** The parts for a piece of thought text. */
    List<ObjectNode> thought(String text) {
        List<ObjectNode> out = new ArrayList<>(2);
        flush(out);
        if (!text.isEmpty()) {
            out.add(Json.object().put("text", text).put("thought", true));
        }
        return out;
    }

    /** Remembers a thinking block's canonical signature for the next part. */
    void signature(String canonical) {
        signature = ThoughtSignatures.toClient(canonical);
    }

    /** The parts for a piece of answer text; a pending signature goes before it, on a part of its own. */
    List<ObjectNode> text(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(2);
        flush(out);
        out.add(Json.object().put("text", text));
        return out;
    }

    /** The part of a complete function call. */
    List<ObjectNode> call(String id, String name, JsonNode args) {
        ObjectNode part = Json.object();
        ObjectNode call = part.putObject("functionCall");
        call.put("id", id);
        call.put("name", name);
        call.set("args", args.isObject() ? args : Json.object());
        return List.of(sign(part));
    }

    /** The parts still owed at the end of the turn. */
    List<ObjectNode> finish() {
        List<ObjectNode> out = new ArrayList<>(1);
        flush(out);
        return out;
    }

    private void flush(List<ObjectNode> out) {
        if (signature != null) {
            out.add(sign(Json.object().put("text", "")));
        }
    }

    private ObjectNode sign(ObjectNode part) {
        if (signature != null) {
            part.put("thoughtSignature", signature);
            signature = null;
        }
        return part;
    }
}
