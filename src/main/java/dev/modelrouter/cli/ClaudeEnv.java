package dev.modelrouter.cli;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The environment Claude Code needs to talk to the router, as ccr sets it: the router's URL, a token
 * (the router's {@code APIKEY}, else a placeholder Claude Code accepts), the timeout, loopback exempt
 * from proxies, no telemetry, and with {@code NON_INTERACTIVE_MODE} the settings for running without a
 * terminal. {@code ANTHROPIC_API_KEY} is removed, since Claude Code would prefer it to the token. When the
 * routed models' window is known, the variables of {@link ClaudeWindow} tell Claude Code to compact within it.
 *
 * @param set variables to set, in a stable order
 * @param unset variables to remove
 */
record ClaudeEnv(Map<String, String> set, List<String> unset) {

    /** The token sent when the router has no {@code APIKEY}; the router then accepts any. */
    static final String PLACEHOLDER_TOKEN = "router";

    static ClaudeEnv of(Map<String, String> current, String baseUrl, @Nullable RouterConfig config) {
        return of(current, baseUrl, config, Optional.empty());
    }

    /** As {@link #of(Map, String, RouterConfig)}, with the window of {@code asked} when Claude Code names it. */
    static ClaudeEnv of(
            Map<String, String> current, String baseUrl, @Nullable RouterConfig config, Optional<Target> asked) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("ANTHROPIC_BASE_URL", baseUrl);
        String key = config == null ? null : config.apiKey();
        set.put("ANTHROPIC_AUTH_TOKEN", key == null || key.isEmpty() ? PLACEHOLDER_TOKEN : key);
        set.put(
                "API_TIMEOUT_MS",
                Long.toString(config == null ? RouterConfig.DEFAULT_API_TIMEOUT_MS : config.apiTimeoutMs()));
        set.put("NO_PROXY", noProxy(current));
        set.put("DISABLE_TELEMETRY", "true");
        set.put("DISABLE_COST_WARNINGS", "true");
        if (config != null && config.nonInteractive()) {
            set.put("CI", "true");
            set.put("FORCE_COLOR", "0");
            set.put("NODE_NO_READLINE", "1");
            set.put("TERM", "dumb");
        }
        if (config != null) {
            ClaudeWindow.of(config, current, asked).ifPresent(w -> set.putAll(ClaudeWindow.variables(w, current)));
        }
        return new ClaudeEnv(set, List.of("ANTHROPIC_API_KEY", "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"));
    }

    /** Applies this to {@code env} (a process builder's environment). */
    void applyTo(Map<String, String> env) {
        unset.forEach(env::remove);
        env.putAll(set);
    }

    /** {@code export} and {@code unset} lines for a POSIX shell. */
    List<String> shellLines() {
        List<String> lines = new ArrayList<>();
        set.forEach((k, v) -> lines.add("export " + k + "=" + shellQuote(v)));
        unset.forEach(k -> lines.add("unset " + k));
        return lines;
    }

    private static String noProxy(Map<String, String> current) {
        String existing = current.getOrDefault("NO_PROXY", current.getOrDefault("no_proxy", ""))
                .trim();
        List<String> entries = new ArrayList<>();
        for (String e : existing.split(",")) {
            if (!e.isBlank()) {
                entries.add(e.trim());
            }
        }
        for (String loopback : List.of("127.0.0.1", "localhost")) {
            if (!entries.contains(loopback)) {
                entries.add(loopback);
            }
        }
        return String.join(",", entries);
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
