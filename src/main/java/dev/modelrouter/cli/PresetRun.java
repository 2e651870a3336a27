package dev.modelrouter.cli;

import dev.modelrouter.config.JsonTrees;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code router code --preset NAME} and {@code router NAME}: ccr serves a preset under its own namespace;
 * here it is a daemon of its own whose home is the preset's folder, so the preset's config, plugins,
 * pid file and logs stay apart from the main router's, and every other command works on it with
 * {@code ROUTER_HOME=$ROUTER_HOME/presets/NAME}.
 */
final class PresetRun {

    /** The option of {@code router code} that names the preset. */
    static final String OPTION = "--preset";
    /** Settings a preset inherits from the main config when it does not set them itself. */
    private static final List<String> INHERITED = List.of(
            "APIKEY",
            "HOST",
            "LOG",
            "LOG_LEVEL",
            "API_TIMEOUT_MS",
            "PROXY_URL",
            "NON_INTERACTIVE_MODE",
            "StatusLine",
            "CLAUDE_PATH");
    /** A preset's keys for how Claude Code is run, which its daemon's config does not take. */
    private static final List<String> LAUNCH_KEYS = List.of("noServer", "claudeCodeSettings", "provider");

    /**
     * How {@code router code --preset NAME} runs Claude Code.
     *
     * @param env the environment to run in: the preset's folder as {@code ROUTER_HOME}
     * @param claudeCodeSettings the preset's {@code claudeCodeSettings}, merged over the {@code --settings}
     *     Claude Code gets, as ccr does; {@code null} when it has none
     * @param direct with {@code noServer}, the provider Claude Code talks to without a router; else {@code null}
     */
    record Launch(
            Map<String, String> env,
            @Nullable ObjectNode claudeCodeSettings,
            @Nullable Direct direct) {}

    /**
     * ccr's {@code noServer}: Claude Code talks straight to the preset's provider (its {@code provider}, a
     * name in the main config, else its first provider), which must speak Anthropic's protocol.
     *
     * @param baseUrl the provider's {@code api_base_url} without {@code /v1/messages}
     * @param apiKey its {@code api_key}, or {@code null}
     */
    record Direct(String baseUrl, @Nullable String apiKey) {}

    private PresetRun() {}

    /**
     * {@code router NAME args} as {@code router code --preset NAME args} when NAME is no subcommand but an
     * installed preset, as {@code ccr NAME} runs one; other arguments unchanged.
     */
    static String[] expand(Map<String, String> env, String[] args, Set<String> subcommands) {
        if (args.length == 0 || subcommands.contains(args[0]) || args[0].startsWith("-")) {
            return args;
        }
        try {
            Preset.checkName(args[0]);
        } catch (IllegalArgumentException e) {
            return args;
        }
        if (!Files.isRegularFile(PresetCommand.folder(env).resolve(args[0]).resolve("manifest.json"))) {
            return args;
        }
        String[] expanded = new String[args.length + 2];
        expanded[0] = "code";
        expanded[1] = OPTION;
        System.arraycopy(args, 0, expanded, 2, args.length);
        return expanded;
    }

    /** The preset {@code --preset NAME} (or {@code --preset=NAME}) names at the head of {@code args}, removed from them. */
    static Optional<String> take(List<String> args) {
        if (args.isEmpty()) {
            return Optional.empty();
        }
        String first = args.get(0);
        if (first.startsWith(OPTION + "=")) {
            args.remove(0);
            return Optional.of(first.substring(OPTION.length() + 1));
        }
        if (first.equals(OPTION) && args.size() > 1) {
            args.remove(0);
            return Optional.of(args.remove(0));
        }
        return Optional.empty();
    }

    /**
     * Writes the preset's folder's config.json (its config, inputs filled in, the main config's
     * {@link #INHERITED} settings, a port of its own) and answers the environment whose home is that folder.
     *
     * @throws IllegalArgumentException when no such preset is installed
     */
    static Launch prepare(Map<String, String> env, String name) throws IOException {
        Preset preset = PresetCommand.installed(env, name);
        Path folder = PresetCommand.folder(env).resolve(name);
        ObjectNode config = preset.resolved(preset.userValues());
        Path main = RouterHome.resolve(env).configFile();
        ObjectNode mainConfig = Files.isRegularFile(main) ? object(Files.readString(main)) : null;
        JsonNode settings = config.remove("claudeCodeSettings");
        boolean noServer = config.path("noServer").asBoolean(false)
                || "true".equals(config.path("noServer").asString(""));
        Direct direct = noServer ? direct(config, mainConfig, name) : null;
        LAUNCH_KEYS.forEach(config::remove);
        if (mainConfig != null) {
            INHERITED.stream()
                    .filter(k -> !config.has(k) && mainConfig.has(k))
                    .forEach(k -> config.set(k, mainConfig.get(k).deepCopy()));
        }
        Path file = folder.resolve("config.json");
        if (!config.has("PORT")) {
            ObjectNode previous = Files.isRegularFile(file) ? object(Files.readString(file)) : null;
            // the port stays the one chosen at the first run, so a running preset daemon is found again
            config.put(
                    "PORT",
                    previous != null && previous.path("PORT").canConvertToInt()
                            ? previous.get("PORT").asInt()
                            : freePort());
        }
        String text = PresetCommand.pretty(config);
        if (!Files.isRegularFile(file) || !Files.readString(file).equals(text)) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        }
        Map<String, String> presetEnv = new HashMap<>(env);
        presetEnv.put(RouterHome.ENV, folder.toString());
        return new Launch(Map.copyOf(presetEnv), settings instanceof ObjectNode o ? o.deepCopy() : null, direct);
    }

    /** The provider a {@code noServer} preset names, as ccr finds it. */
    private static Direct direct(ObjectNode config, @Nullable ObjectNode mainConfig, String name) {
        JsonNode provider = null;
        String named = config.path("provider").asString("");
        if (!named.isEmpty()) {
            JsonNode providers = mainConfig == null ? null : mainConfig.get("Providers");
            if (providers != null && providers.isArray()) {
                for (JsonNode p : providers) {
                    if (named.equals(p.path("name").asString(""))) {
                        provider = p;
                    }
                }
            }
            if (provider == null) {
                throw new IllegalArgumentException("preset " + name + " runs Claude Code straight against provider "
                        + named + ", which the main config.json does not have");
            }
        } else if (config.path("Providers").isArray()
                && !config.get("Providers").isEmpty()) {
            provider = config.get("Providers").get(0);
        }
        String url = provider == null
                ? ""
                : provider.path("api_base_url").asString("").trim();
        if (url.isEmpty()) {
            throw new IllegalArgumentException(
                    "preset " + name + " has noServer but no provider with an api_base_url for Claude Code to use");
        }
        if (url.endsWith("/v1/messages")) {
            url = url.substring(0, url.length() - "/v1/messages".length());
        } else if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        String key = provider.path("api_key").asString("");
        return new Direct(url, key.isEmpty() ? null : key);
    }

    private static @Nullable ObjectNode object(String text) {
        try {
            return JsonTrees.read(JsonTrees.JSON5, text) instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }
}
