package dev.modelrouter.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The {@code {{name}}} values of ccr's status-line templates, from what Claude Code pipes to a status-line
 * command (session, transcript path, folders, model, cost) plus the transcript's tail and {@code .git/HEAD}.
 * A value that cannot be found is "", so a module showing only it is left out.
 */
final class StatusVariables {

    private StatusVariables() {}

    /** The values for Claude Code's status-line JSON ({@code input}; a missing node when it did not parse). */
    static Map<String, String> of(JsonNode input) {
        return of(input, model -> 0);
    }

    /**
     * The values, with {@code windowOf} giving the context window of the model that answered (0 when
     * unknown): Claude Code reports the window it assumes for the model it asked for, which for a routed
     * model is usually wrong (1M for any name it does not know).
     */
    static Map<String, String> of(JsonNode input, ToIntFunction<String> windowOf) {
        Map<String, String> vars = new HashMap<>();
        String dir = firstText(input.path("workspace").path("current_dir"), input.path("cwd"));
        if (dir.isEmpty()) {
            dir = System.getProperty("user.dir", "");
        }
        Path dirPath = safePath(dir);
        Path name = dirPath == null ? null : dirPath.getFileName();
        vars.put("workDirName", name == null ? dir : name.toString());
        vars.put("gitBranch", GitBranch.of(dirPath));
        String transcriptPath = input.path("transcript_path").asString("");
        Transcript transcript = transcriptPath.isEmpty() ? Transcript.NONE : Transcript.read(safePath(transcriptPath));
        String model = transcript.model().isEmpty()
                ? firstText(
                        input.path("model").path("display_name"),
                        input.path("model").path("id"))
                : transcript.model();
        vars.put("model", model);
        vars.put("inputTokens", tokens(transcript.inputTokens()));
        vars.put("outputTokens", tokens(transcript.outputTokens()));
        JsonNode cost = input.path("cost");
        JsonNode usd = cost.path("total_cost_usd");
        vars.put("cost", usd.isNumber() ? String.format(Locale.ROOT, "$%.2f", usd.doubleValue()) : "");
        JsonNode ms = cost.path("total_duration_ms");
        vars.put("duration", ms.isNumber() ? duration(ms.longValue()) : "");
        vars.put("linesAdded", count(cost.path("total_lines_added")));
        vars.put("linesRemoved", count(cost.path("total_lines_removed")));
        JsonNode added = cost.path("total_lines_added");
        JsonNode removed = cost.path("total_lines_removed");
        vars.put(
                "netLines",
                added.isNumber() && removed.isNumber() ? Long.toString(added.longValue() - removed.longValue()) : "");
        context(input.path("context_window"), model.isEmpty() ? 0 : windowOf.applyAsInt(model), vars);
        String session = input.path("session_id").asString("");
        vars.put("sessionId", session.length() > 8 ? session.substring(0, 8) : session);
        vars.put("version", input.path("version").asString(""));
        return vars;
    }

    /**
     * ccr's context values, from the {@code context_window} Claude Code sends (its size replaced by the
     * routed model's window when that is known): the share of the window the
     * last turn's prompt filled (input, cache writes and cache reads), the window's size and the
     * session's token totals.
     */
    private static void context(JsonNode window, int routedWindow, Map<String, String> vars) {
        long claudeSize = window.path("context_window_size").asLong(0);
        long size = claudeSize > 0 && routedWindow > 0 ? routedWindow : claudeSize;
        JsonNode usage = window.path("current_usage");
        // before a session's first answer Claude Code sends no current usage: nothing of the window is used
        String percent = size > 0 ? "0" : "";
        if (size > 0 && usage.isObject()) {
            long prompt = usage.path("input_tokens").asLong(0)
                    + usage.path("cache_creation_input_tokens").asLong(0)
                    + usage.path("cache_read_input_tokens").asLong(0);
            percent = Long.toString(Math.round(100.0 * prompt / size));
        }
        vars.put("contextPercent", percent);
        vars.put(
                "contextWindowSize",
                size <= 0 ? "" : size > 1000 ? Math.round(size / 1000.0) + "k" : Long.toString(size));
        JsonNode in = window.path("total_input_tokens");
        JsonNode out = window.path("total_output_tokens");
        vars.put("totalInputTokens", in.isNumber() ? tokens(in.longValue()) : "");
        vars.put("totalOutputTokens", out.isNumber() ? tokens(out.longValue()) : "");
    }

    /** ccr's token format: up to 1000 as is, then {@code 12.3k}; and {@code 1.2M} past a million. */
    static String tokens(long n) {
        if (n < 0) {
            return "";
        }
        if (n <= 1000) {
            return Long.toString(n);
        }
        return n < 1_000_000
                ? String.format(Locale.ROOT, "%.1fk", n / 1000.0)
                : String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
    }

    /** {@code 34s}, {@code 2m34s}, {@code 1h2m}. */
    static String duration(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        return s / 3600 + "h" + s % 3600 / 60 + "m";
    }

    private static String count(JsonNode n) {
        return n.isNumber() ? Long.toString(n.longValue()) : "";
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            String s = n.isString() ? n.asString().trim() : "";
            if (!s.isEmpty()) {
                return s;
            }
        }
        return "";
    }

    private static @Nullable Path safePath(String p) {
        try {
            return p.isEmpty() ? null : Path.of(p);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
