package dev.modelrouter.cli;

import dev.modelrouter.config.CompactWindow;
import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tells Claude Code the routed model's window ({@link CompactWindow}) in the variables the pinned Claude
 * Code (2.1.332) honours, as its debug log ({@code autocompact: ... effectiveWindow=N}) shows:
 * <ul>
 *   <li>{@code CLAUDE_CODE_AUTO_COMPACT_WINDOW}: the window auto-compaction works in, capped at the window
 *       Claude Code believes its model has; it reads values below 100000 as 100000 (and warns), so a
 *       smaller window is sent as 100000 and left to the next variable and to the router's refusal;</li>
 *   <li>{@code CLAUDE_CODE_MAX_CONTEXT_TOKENS}: the model's window, for model names Claude Code does not
 *       know (such as {@code provider,model} after {@code /model}); it has no lower bound;</li>
 *   <li>{@code CLAUDE_CODE_MAX_OUTPUT_TOKENS}: the answer limit, when the model's is below Claude Code's
 *       usual 32000; Claude Code also keeps that much of the window free for the answer
 *       ({@code effectiveWindow} = window - min(max output, 20000)).</li>
 * </ul>
 * A variable the user has set already is left as it is. {@code router code} records what it told
 * Claude Code in {@code $ROUTER_HOME/claude-window.json}, for {@code router status}.
 */
final class ClaudeWindow {

    static final String AUTO_COMPACT_WINDOW = "CLAUDE_CODE_AUTO_COMPACT_WINDOW";
    static final String MAX_CONTEXT_TOKENS = "CLAUDE_CODE_MAX_CONTEXT_TOKENS";
    static final String MAX_OUTPUT_TOKENS = "CLAUDE_CODE_MAX_OUTPUT_TOKENS";
    /** The least {@code CLAUDE_CODE_AUTO_COMPACT_WINDOW} Claude Code takes as given. */
    static final int CLAUDE_MIN_AUTO_COMPACT = 100_000;
    /** Claude Code's usual answer limit; a model that gives more needs no variable. */
    static final int CLAUDE_USUAL_MAX_OUTPUT = 32_000;
    /** The record in the router's home. */
    static final String FILE = "claude-window.json";

    private ClaudeWindow() {}

    /** The window for {@code config}'s routes, with the windows learned in the home of {@code env}. */
    static Optional<CompactWindow> of(RouterConfig config, Map<String, String> env) {
        return CompactWindow.of(config, ModelWindows.of(RouterHome.resolve(env)));
    }

    /**
     * The window for the model Claude Code asks for: the target it names ({@code --model provider,model}),
     * else the routes'.
     */
    static Optional<CompactWindow> of(RouterConfig config, Map<String, String> env, Optional<Target> asked) {
        ModelWindows windows = ModelWindows.of(RouterHome.resolve(env));
        return asked.flatMap(t -> CompactWindow.of(t, config, windows)).or(() -> CompactWindow.of(config, windows));
    }

    /** The target of claude's {@code --model provider,model} (or {@code --model=...}); empty for any other. */
    static Optional<Target> askedModel(List<String> claudeArgs) {
        for (int i = 0; i < claudeArgs.size(); i++) {
            String arg = claudeArgs.get(i);
            if (arg.equals("--model") && i + 1 < claudeArgs.size()) {
                return Target.parse(claudeArgs.get(i + 1));
            }
            if (arg.startsWith("--model=")) {
                return Target.parse(arg.substring("--model=".length()));
            }
        }
        return Optional.empty();
    }

    /**
     * The window this Claude Code was told: from its own environment, which the status-line command
     * inherits, else what {@code router code} last recorded; 0 when neither says.
     */
    static int told(Map<String, String> env, RouterHome home) {
        try {
            String own = env.getOrDefault(MAX_CONTEXT_TOKENS, "").trim();
            if (!own.isEmpty()) {
                return Integer.parseInt(own);
            }
        } catch (NumberFormatException e) {
            // not ours to judge: fall back to the record
        }
        return recorded(home).map(r -> r.path("compactWindow").asInt(0)).orElse(0);
    }

    /**
     * For the status line, after {@code /model} or {@code router model set}: when the model Claude Code now
     * asks for ({@code asked}) has another window than the one Claude Code compacts within ({@code told}),
     * which window it has and how to restart Claude Code with it; "" when they agree or either is unknown.
     * Claude Code reads its window once, at start, so a restart is the only way to change it.
     */
    static String switchHint(String asked, int told, Optional<CompactWindow> now) {
        if (told <= 0 || now.isEmpty() || now.get().compactWindow() == told) {
            return "";
        }
        CompactWindow w = now.get();
        boolean named = Target.parse(asked).isPresent();
        return "\u26a0 " + (named ? asked : "routes") + ": " + ModelLimits.tokens(w.window())
                + " window, Claude Code compacts within " + told + "; restart: router code --continue"
                + (named ? " --model " + asked : "");
    }

    /** The variables that tell Claude Code {@code window}, without those {@code current} sets already. */
    static Map<String, String> variables(CompactWindow window, Map<String, String> current) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(AUTO_COMPACT_WINDOW, Integer.toString(Math.max(window.compactWindow(), CLAUDE_MIN_AUTO_COMPACT)));
        vars.put(MAX_CONTEXT_TOKENS, Integer.toString(window.compactWindow()));
        if (window.maxOutput() > 0 && window.maxOutput() < CLAUDE_USUAL_MAX_OUTPUT) {
            vars.put(MAX_OUTPUT_TOKENS, Integer.toString(window.maxOutput()));
        }
        vars.keySet().removeIf(k -> !current.getOrDefault(k, "").isBlank());
        return vars;
    }

    /** One line for people: {@code 128k window (default ds,deepseek-chat); Claude Code compacts within 120000}. */
    static String describe(CompactWindow w) {
        return ModelLimits.tokens(w.window()) + " window (" + w.basis() + "); Claude Code compacts within "
                + w.compactWindow() + " tokens";
    }

    /** Records that Claude Code was started, or a shell set up, with {@code window}. */
    static void record(RouterHome home, CompactWindow window, String how) {
        ObjectNode doc = CliJson.object()
                .put("window", window.window())
                .put("compactWindow", window.compactWindow())
                .put("maxOutput", window.maxOutput())
                .put("basis", window.basis())
                .put("by", how)
                .put("at", Instant.now().toString());
        Path file = home.dir().resolve(FILE);
        try {
            Files.createDirectories(home.dir());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, CliJson.write(doc), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // only router status reads it; Claude Code runs with the window all the same
        }
    }

    /** What {@link #record} last wrote; empty when nothing was. */
    static Optional<JsonNode> recorded(RouterHome home) {
        try {
            return Optional.of(CliJson.read(Files.readString(home.dir().resolve(FILE), StandardCharsets.UTF_8)))
                    .filter(JsonNode::isObject);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * What to tell someone who just changed routes: the window now, and, when Claude Code was started with
     * another, how to give it the new one. Empty when no window is known.
     */
    static Optional<String> afterChange(Optional<CompactWindow> now, RouterHome home) {
        if (now.isEmpty()) {
            return Optional.empty();
        }
        CompactWindow w = now.get();
        String line = "context window now: " + describe(w);
        Optional<JsonNode> started = recorded(home);
        int was = started.map(s -> s.path("compactWindow").asInt(0)).orElse(0);
        if (was > 0 && was != w.compactWindow()) {
            line += "\nClaude Code was started to compact within " + was + " tokens; restart it (exit, then"
                    + " `router code --continue`) so it compacts within " + w.compactWindow();
        }
        return Optional.of(line);
    }
}
