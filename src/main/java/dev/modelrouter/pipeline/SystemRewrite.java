package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * claude-code-router's {@code REWRITE_SYSTEM_PROMPT}: Claude Code's main system block (the second; the
 * first is its billing header) is replaced by the user's own text up to its {@code <env>} section,
 * which keeps the working directory, platform and date the model needs.
 */
final class SystemRewrite {

    static final String ENV = "<env>";

    private SystemRewrite() {}

    /** The request with its main system block rewritten, or {@code null} when it has no such block. */
    static @Nullable ChatRequest apply(ChatRequest request, String prompt) {
        List<Content.Text> system = request.system();
        if (system.size() < 2) {
            return null;
        }
        Content.Text main = system.get(1);
        // as ccr's split("<env>").pop(): what follows the last <env> is kept
        int env = main.text().lastIndexOf(ENV);
        if (env < 0) {
            return null;
        }
        List<Content.Text> rewritten = new ArrayList<>(system);
        rewritten.set(1, new Content.Text(prompt + main.text().substring(env), main.cache()));
        return request.toBuilder().system(rewritten).build();
    }
}
