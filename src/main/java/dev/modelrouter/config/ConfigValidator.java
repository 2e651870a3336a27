package dev.modelrouter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Turns an interpolated config tree into a {@link RouterConfig}, collecting every problem on the way. */
final class ConfigValidator {

    private static final Set<String> ACTIVE = Set.of(
            "Providers",
            "providers",
            "Router",
            "HOST",
            "PORT",
            "APIKEY",
            "PROXY_URL",
            "HTTPS_PROXY",
            "https_proxy",
            "httpsProxy",
            "LOG",
            "LOG_LEVEL",
            "API_TIMEOUT_MS",
            "NON_INTERACTIVE_MODE",
            "CLAUDE_PATH",
            "forceUseImageAgent",
            "MAX_BODY_BYTES",
            "resilience",
            "fallback",
            "transformers",
            "CUSTOM_ROUTER_PATH",
            "REWRITE_SYSTEM_PROMPT",
            "StatusLine",
            "CUSTOM_ROUTER_TIMEOUT_MS",
            RouterConfig.ANTHROPIC_SERVED_MODEL,
            ServerTimeoutsReader.KEY,
            "cluster",
            "ClientKeys");
    /** Keys of ccr 2.x that are kept in the snapshot but not acted on yet. */
    private static final Set<String> INACTIVE = Set.of("plugins");
    /** ccr 0.x single-provider keys, removed in ccr 1.0. */
    private static final Set<String> LEGACY = Set.of("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL");
    /** ccr reads the first of these that is set. */
    private static final List<String> PROXY_KEYS = List.of("PROXY_URL", "HTTPS_PROXY", "https_proxy", "httpsProxy");

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final Findings findings;
    private final ValueReader values;

    ConfigValidator(Findings findings) {
        this.findings = findings;
        this.values = new ValueReader(findings);
    }

    @Nullable
    RouterConfig validate(JsonNode root, Path source, boolean bundled) {
        if (!root.isObject()) {
            findings.error(
                    "$",
                    "expected a JSON object {\"Providers\": [...], \"Router\": {...}}, got " + ValueReader.show(root));
            return null;
        }
        checkKeys(root);
        checkCustomRouter(root.path("CUSTOM_ROUTER_PATH"), source);
        values.integer(
                root.path("CUSTOM_ROUTER_TIMEOUT_MS"),
                "$.CUSTOM_ROUTER_TIMEOUT_MS",
                1,
                3_600_000,
                RouterConfig.DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS);
        String systemPrompt = systemPrompt(root.path("REWRITE_SYSTEM_PROMPT"), source);
        String host = values.string(root.path("HOST"), "$.HOST", RouterConfig.DEFAULT_HOST);
        int port = (int) values.integer(root.path("PORT"), "$.PORT", 1, 65_535, RouterConfig.DEFAULT_PORT);
        String apiKey = apiKey(root.path("APIKEY"));
        String proxyUrl = proxyUrl(root);
        boolean log = values.bool(root.path("LOG"), "$.LOG", true);
        String logLevel = logLevel(root.path("LOG_LEVEL"));
        long timeout = values.integer(
                root.path("API_TIMEOUT_MS"),
                "$.API_TIMEOUT_MS",
                1,
                Long.MAX_VALUE,
                RouterConfig.DEFAULT_API_TIMEOUT_MS);
        boolean nonInteractive = values.bool(root.path("NON_INTERACTIVE_MODE"), "$.NON_INTERACTIVE_MODE", false);
        values.bool(root.path(RouterConfig.ANTHROPIC_SERVED_MODEL), "$." + RouterConfig.ANTHROPIC_SERVED_MODEL, false);
        values.bool(root.path("forceUseImageAgent"), "$.forceUseImageAgent", false);
        long maxBody = values.integer(
                root.path("MAX_BODY_BYTES"),
                "$.MAX_BODY_BYTES",
                1,
                Long.MAX_VALUE,
                RouterConfig.DEFAULT_MAX_BODY_BYTES);
        values.string(root.path("CLAUDE_PATH"), "$.CLAUDE_PATH");
        new ServerTimeoutsReader(findings).read(root.path(ServerTimeoutsReader.KEY));
        new ClientKeysReader(findings).read(root.path(ClientKeysReader.KEY));

        String providersKey = root.has("Providers") || !root.has("providers") ? "Providers" : "providers";
        List<ProviderConfig> providers = new ProviderReader(
                        findings,
                        new ResilienceReader(findings)
                                .read(root.path("resilience"), "$.resilience", Resilience.DEFAULT))
                .read(root.path(providersKey), Findings.field("$", providersKey));
        Tokenizers.check(root.path(providersKey), Findings.field("$", providersKey), source, findings);
        RouterSettings router = new RouterReader(findings, providers)
                .read(root.path("Router"), "$.Router", root.path("fallback"), "$.fallback");

        if (!isLoopback(host) && apiKey == null) {
            String why = findings.warnedAt("$.APIKEY")
                    ? " (APIKEY names an environment variable that is not set, so it has no value)"
                    : "";
            findings.error(
                    "$.HOST",
                    "refusing to listen on " + host + " without APIKEY" + why + "; set APIKEY or HOST=127.0.0.1");
        }
        if (findings.hasErrors()) {
            return null;
        }
        return new RouterConfig(
                source,
                bundled,
                host,
                port,
                apiKey,
                proxyUrl,
                log,
                logLevel,
                timeout,
                nonInteractive,
                maxBody,
                providers,
                router,
                findings.inactive(),
                findings.warnings(),
                root,
                systemPrompt);
    }

    /**
     * Whether {@code plugins} asks only for ccr's token-speed plugin, whose measurement (for the status
     * line's {@code speed} module) the router always makes.
     */
    private static boolean onlyBuiltInPlugins(JsonNode plugins) {
        if (!plugins.isArray()) {
            return false;
        }
        for (JsonNode p : plugins.values()) {
            boolean off = p.path("enabled").isBoolean() && !p.path("enabled").asBoolean();
            // token-speed's reporters (console, webhook) are not made: options ask for something else
            boolean plain =
                    p.isObject() && p.propertyNames().stream().allMatch(k -> k.equals("name") || k.equals("enabled"));
            if (!off && !("token-speed".equals(p.path("name").asString("")) && plain)) {
                return false;
            }
        }
        return true;
    }

    private void checkKeys(JsonNode root) {
        if (root.has("Providers") && root.has("providers")) {
            findings.warn("$.providers", "both Providers and providers are set; using Providers");
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String key = e.getKey();
            String at = Findings.field("$", key);
            if (ACTIVE.contains(key)) {
                continue;
            }
            if (INACTIVE.contains(key)) {
                if (meaningful(e.getValue()) && !(key.equals("plugins") && onlyBuiltInPlugins(e.getValue()))) {
                    findings.inactive(at);
                }
            } else if (LEGACY.contains(key)) {
                findings.warn(at, "legacy key from ccr 0.x ignored; describe the provider in Providers instead");
            } else {
                String hint = Stream.concat(ACTIVE.stream(), INACTIVE.stream())
                        .filter(k -> k.equalsIgnoreCase(key))
                        .findFirst()
                        .map(k -> " (did you mean " + k + "?)")
                        .orElse("");
                findings.warn(at, "unknown key '" + key + "' ignored" + hint);
            }
        }
    }

    /** ccr's custom router script: a path to a CommonJS module, run by Node.js (see {@code pipeline.ScriptRoutes}). */
    private void checkCustomRouter(JsonNode node, Path source) {
        if (ValueReader.absent(node) || (node.isString() && node.stringValue().isBlank())) {
            return;
        }
        if (!node.isString()) {
            findings.error(
                    "$.CUSTOM_ROUTER_PATH", "expected the path of a JavaScript file, got " + ValueReader.show(node));
            return;
        }
        Path script = resolve("$.CUSTOM_ROUTER_PATH", source, node.stringValue());
        if (script != null && !Files.isRegularFile(script)) {
            findings.warn(
                    "$.CUSTOM_ROUTER_PATH",
                    script + " does not exist; requests are routed without it until it"
                            + " does (the file is watched)");
        }
    }

    /**
     * ccr's {@code REWRITE_SYSTEM_PROMPT}: the text of the file it names, which replaces what Claude Code's
     * main system block says before its {@code <env>} section. Read here, so a reload picks up an edit
     * (the watcher watches the file) and no request waits on the disk.
     */
    private @Nullable String systemPrompt(JsonNode node, Path source) {
        if (ValueReader.absent(node) || (node.isString() && node.stringValue().isBlank())) {
            return null;
        }
        if (!node.isString()) {
            findings.error(
                    "$.REWRITE_SYSTEM_PROMPT", "expected the path of a text file, got " + ValueReader.show(node));
            return null;
        }
        Path file = resolve("$.REWRITE_SYSTEM_PROMPT", source, node.stringValue());
        if (file == null) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_SYSTEM_PROMPT_BYTES) {
                findings.error(
                        "$.REWRITE_SYSTEM_PROMPT",
                        file + " is larger than 1 MiB; a system prompt that long is a mistake");
                return null;
            }
            return Files.readString(file);
        } catch (IOException | UncheckedIOException e) {
            findings.warn(
                    "$.REWRITE_SYSTEM_PROMPT",
                    file + " cannot be read (" + e.getMessage() + "); system prompts"
                            + " are forwarded unchanged until it can (the file is watched)");
            return null;
        }
    }

    private static final long MAX_SYSTEM_PROMPT_BYTES = 1 << 20;

    /** A path of the config, or {@code null} with an error when this system cannot name such a file. */
    private @Nullable Path resolve(String at, Path source, String path) {
        try {
            return RouterConfig.resolveBeside(source, path);
        } catch (InvalidPathException e) {
            findings.error(at, "not a valid file path on this system (" + e.getReason() + ")");
            return null;
        }
    }

    /** Whether a ccr key actually asks for something: ccr's UI writes empty defaults for all of them. */
    private static boolean meaningful(JsonNode node) {
        if (ValueReader.absent(node) || (node.isBoolean() && !node.booleanValue())) {
            return false;
        }
        if (node.isString()) {
            return !node.stringValue().isBlank();
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (meaningful(n)) {
                    return true;
                }
            }
            return false;
        }
        if (node.isObject()) {
            JsonNode enabled = node.path("enabled");
            return !node.isEmpty() && !(enabled.isBoolean() && !enabled.booleanValue());
        }
        return true;
    }

    private @Nullable String apiKey(JsonNode node) {
        if (ValueReader.absent(node)) {
            return null;
        }
        if (!node.isString()) {
            // Never echo the value: it is a secret.
            findings.error(
                    "$.APIKEY",
                    "expected a string, got a " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return null;
        }
        String key = node.stringValue().trim();
        return key.isEmpty() ? null : key;
    }

    private @Nullable String proxyUrl(JsonNode root) {
        String chosen = null;
        String chosenKey = null;
        for (String key : PROXY_KEYS) {
            String value = values.string(root.path(key), Findings.field("$", key));
            if (value == null) {
                continue;
            }
            if (chosen == null) {
                chosen = value;
                chosenKey = key;
            } else if (!chosen.equals(value)) {
                findings.warn(Findings.field("$", key), "ignored because " + chosenKey + " is also set");
            }
        }
        if (chosen == null) {
            return null;
        }
        try {
            URI uri = new URI(chosen);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (Set.of("http", "https", "socks", "socks5").contains(scheme) && uri.getHost() != null) {
                return chosen;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        findings.error(
                Findings.field("$", chosenKey),
                "expected a proxy URL such as \"http://127.0.0.1:7890\", got \"" + Redactor.redactString(chosen)
                        + "\"");
        return null;
    }

    private String logLevel(JsonNode node) {
        String text = values.string(node, "$.LOG_LEVEL");
        if (text == null) {
            return RouterConfig.DEFAULT_LOG_LEVEL;
        }
        String level = text.toLowerCase(Locale.ROOT);
        if (!RouterConfig.LOG_LEVELS.contains(level)) {
            findings.error(
                    "$.LOG_LEVEL",
                    "expected one of " + String.join(", ", RouterConfig.LOG_LEVELS) + ", got \"" + text + "\"");
            return RouterConfig.DEFAULT_LOG_LEVEL;
        }
        return level;
    }

    /** 127.0.0.0/8, ::1 (also bracketed or IPv4-mapped) and {@code localhost}; never asks DNS. */
    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        Matcher m = IPV4.matcher(h);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return m.group(1).equals("127");
        }
        if (h.contains(":")) {
            try {
                // A literal containing ':' is parsed, never looked up.
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException | SecurityException e) {
                return false;
            }
        }
        return false;
    }
}
