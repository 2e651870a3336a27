package dev.modelrouter.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Tool;
import org.jspecify.annotations.Nullable;

/**
 * Counts a request's prompt tokens with cl100k_base, as claude-code-router does: system, message
 * text, tool calls and results, tool definitions; images and documents' binary data excluded. It is
 * an estimate of the provider's own count, good enough for routing and for answering count_tokens.
 */
public final class TokenCounter {

    /** Loading cl100k's ranks takes ~0.3 s of CPU; the holder defers it to the first use or {@link #preload}. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    /** Loads the encoding now (a no-op once loaded), so that the first count does not wait for it. */
    public static void preload() {
        Cl100k.ENCODING.getName();
    }

    /** The prompt token count of a request. */
    public int count(ChatRequest request) {
        int n = 0;
        for (Content.Text t : request.system()) {
            n += count(t.text());
        }
        for (Message m : request.messages()) {
            for (Content c : m.content()) {
                n += count(c);
            }
        }
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Function f) {
                n += count(f.name()) + count(f.description()) + count(f.inputSchema().toString());
            } else {
                n += count(tool.name());
            }
        }
        return n;
    }

    /** The token count of one text. */
    public int count(@Nullable String text) {
        return text == null || text.isEmpty() ? 0 : Cl100k.ENCODING.countTokensOrdinary(text);
    }

    private int count(Content c) {
        if (c instanceof Content.Text t) {
            return count(t.text());
        } else if (c instanceof Content.Thinking t) {
            return count(t.text());
        } else if (c instanceof Content.ToolUse t) {
            return count(t.name()) + count(t.input().toString());
        } else if (c instanceof Content.ToolResult r) {
            int n = 0;
            for (Content inner : r.content()) {
                n += count(inner);
            }
            return n;
        } else if (c instanceof Content.Document d) {
            return d.source() instanceof Content.Source.PlainText p ? count(p.text()) : 0;
        } else if (c instanceof Content.ToolReference r) {
            return count(r.toolName());
        } else if (c instanceof Content.ServerToolUse s) {
            return count(s.input().toString());
        } else if (c instanceof Content.Image
                || c instanceof Content.RedactedThinking
                || c instanceof Content.ServerToolResult) {
            return 0;
        }
        throw new IllegalStateException("unhandled content block " + c.getClass());
    }
}
