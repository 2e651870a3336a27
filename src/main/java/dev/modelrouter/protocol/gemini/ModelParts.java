package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The parts of a model turn → canonical blocks, for upstream answers and for a Gemini client's history.
 * A {@code thought} part is a thinking block; a signature on any other part becomes the signature of a
 * thinking block as in the stream reader: the last block when it is an unsigned thinking block, else an
 * empty one right before a function call or right after text.
 */
final class ModelParts {

    /** Names a function call. */
    interface Ids {
        /**
         * The canonical id of a call.
         *
         * @param wireId the call's own id, or {@code null}
         * @param position the call's position among the turn's calls
         * @param name the function's name
         * @param args the arguments
         */
        String of(@Nullable String wireId, int position, String name, JsonNode args);
    }

    private ModelParts() {}

    static List<Content> read(JsonNode parts, UnaryOperator<String> signatures, Ids ids) {
        List<Content> out = new ArrayList<>();
        int calls = 0;
        for (JsonNode part : parts) {
            String wireSignature = Json.text(part, "thoughtSignature");
            String signature =
                    wireSignature == null || wireSignature.isEmpty() ? null : signatures.apply(wireSignature);
            String text = Json.text(part, "text");
            if (Json.isTrue(part, "thought")) {
                addThinking(out, text == null ? "" : text, signature);
                continue;
            }
            JsonNode call = Json.field(part, "functionCall");
            if (call != null && signature != null) {
                addThinking(out, "", signature);
            }
            if (call != null) {
                String name = Json.text(call, "name");
                JsonNode args = Json.field(call, "args");
                JsonNode input = args != null && args.isObject() ? args : Json.object();
                String callName = name == null ? "" : name;
                String id = Json.text(call, "id");
                out.add(new Content.ToolUse(
                        ids.of(id == null || id.isEmpty() ? null : id, calls++, callName, input),
                        callName,
                        input,
                        null));
            } else if (text != null && !text.isEmpty()) {
                Content last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last instanceof Content.Text previous) {
                    out.set(out.size() - 1, Content.Text.of(previous.text() + text));
                } else {
                    out.add(Content.Text.of(text));
                }
            }
            if (call == null && signature != null) {
                addThinking(out, "", signature);
            }
        }
        return out;
    }

    /** Adds thought text, continuing the last thinking block while it has no signature yet. */
    private static void addThinking(List<Content> out, String text, @Nullable String signature) {
        Content last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last instanceof Content.Thinking previous && previous.signature() == null) {
            out.set(out.size() - 1, new Content.Thinking(previous.text() + text, signature));
        } else if (!text.isEmpty() || signature != null) {
            out.add(new Content.Thinking(text, signature));
        }
    }

    static boolean hasCalls(List<Content> blocks) {
        return blocks.stream().anyMatch(Content.ToolUse.class::isInstance);
    }
}
