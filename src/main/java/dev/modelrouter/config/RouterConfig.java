package dev.modelrouter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One validated, immutable snapshot of config.json. A request takes the current snapshot once and
 * uses it to the end.
 *
 * @param source the file it was read from
 * @param bundled whether it is the example bundled in the jar (no user config yet)
 * @param host {@code HOST}, default 127.0.0.1
 * @param port {@code PORT}, default 3456
 * @param apiKey {@code APIKEY}: the key clients must present; {@code null} when unset
 * @param proxyUrl {@code PROXY_URL} (or ccr's aliases {@code HTTPS_PROXY}, {@code https_proxy},
 *     {@code httpsProxy}); {@code null} when unset
 * @param log {@code LOG}, default true
 * @param logLevel {@code LOG_LEVEL}, lower case, default info
 * @param apiTimeoutMs {@code API_TIMEOUT_MS}, default 600000
 * @param nonInteractive {@code NON_INTERACTIVE_MODE}, default false
 * @param maxBodyBytes {@code MAX_BODY_BYTES}, default 32 MiB
 * @param providers {@code Providers}, in config order
 * @param router {@code Router} and {@code fallback}
 * @param inactiveKeys JSON paths of keys that are recognised but not acted on yet
 * @param warnings problems that did not prevent loading, each {@code "path: message"}
 * @param raw the whole document after {@code $VAR} interpolation (contains secrets; see {@link #redacted()})
 */
public record RouterConfig(
        Path source,
        boolean bundled,
        String host,
        int port,
        @Nullable String apiKey,
        @Nullable String proxyUrl,
        boolean log,
        String logLevel,
        long apiTimeoutMs,
        boolean nonInteractive,
        long maxBodyBytes,
        List<ProviderConfig> providers,
        RouterSettings router,
        List<String> inactiveKeys,
        List<String> warnings,
        JsonNode raw,
        @Nullable String systemPrompt) {

    /** Default {@code HOST}. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default {@code PORT}. */
    public static final int DEFAULT_PORT = 3456;
    /** Default {@code LOG_LEVEL}. */
    public static final String DEFAULT_LOG_LEVEL = "info";
    /** Default {@code API_TIMEOUT_MS}. */
    public static final long DEFAULT_API_TIMEOUT_MS = 600_000;
    /** Default {@code MAX_BODY_BYTES}. */
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;
    /** Accepted {@code LOG_LEVEL} values (ccr's pino levels). */
    public static final List<String> LOG_LEVELS = List.of("fatal", "error", "warn", "info", "debug", "trace");

    /** This snapshot with another {@code Router}: a project's or session's own routes. */
    public RouterConfig withRouter(RouterSettings other) {
        return new RouterConfig(
                source,
                bundled,
                host,
                port,
                apiKey,
                proxyUrl,
                log,
                logLevel,
                apiTimeoutMs,
                nonInteractive,
                maxBodyBytes,
                providers,
                other,
                inactiveKeys,
                warnings,
                raw,
                systemPrompt);
    }

    public RouterConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        providers = List.copyOf(providers);
        Objects.requireNonNull(router, "router");
        inactiveKeys = List.copyOf(inactiveKeys);
        warnings = List.copyOf(warnings);
        raw = raw.deepCopy();
    }

    /** A copy of the interpolated document; it contains secrets, so show {@link #redacted()} instead. */
    @Override
    public JsonNode raw() {
        return raw.deepCopy();
    }

    /**
     * ccr's {@code CUSTOM_ROUTER_PATH}, resolved as the watcher resolves it (a leading {@code ~/} is the
     * home folder, a relative path is beside the config file); empty when unset.
     */
    public Optional<Path> customRouter() {
        JsonNode node = raw.path("CUSTOM_ROUTER_PATH");
        if (!node.isString() || node.stringValue().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(resolveBeside(source, node.stringValue()));
    }

    /**
     * {@code ANTHROPIC_SERVED_MODEL}: whether Anthropic clients are told the model that served a
     * translated answer, as OpenAI and Gemini clients always are, rather than the name they asked for
     * (the default: Claude Code keys its behaviour to the name it asked for).
     */
    public boolean anthropicServedModel() {
        return flag(ANTHROPIC_SERVED_MODEL);
    }

    /** The key of {@link #anthropicServedModel()}. */
    public static final String ANTHROPIC_SERVED_MODEL = "ANTHROPIC_SERVED_MODEL";

    /**
     * ccr's {@code forceUseImageAgent}: images in the last user message also go through the image agent
     * (with {@code Router.image} set) instead of sending the turn to the image model.
     */
    public boolean forceUseImageAgent() {
        return flag("forceUseImageAgent");
    }

    /** A top-level switch: {@code true}, or the string {@code "true"} as env-filled values are. */
    private boolean flag(String key) {
        JsonNode node = raw.path(key);
        return node.isBoolean()
                ? node.booleanValue()
                : node.isString() && node.stringValue().trim().equalsIgnoreCase("true");
    }

    /** Default {@code CUSTOM_ROUTER_TIMEOUT_MS} (ours: ccr waits for its script without a limit). */
    public static final long DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS = 10_000;

    /** How long a request waits for the custom router script's answer ({@code CUSTOM_ROUTER_TIMEOUT_MS}). */
    public Duration customRouterTimeout() {
        long ms = raw.path("CUSTOM_ROUTER_TIMEOUT_MS").asLong(DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS);
        return Duration.ofMillis(ms > 0 ? ms : DEFAULT_CUSTOM_ROUTER_TIMEOUT_MS);
    }

    /**
     * The server's timeouts on its clients (config.json's {@code server}); the server reads them once,
     * when it starts.
     */
    public ServerTimeouts serverTimeouts() {
        return new ServerTimeoutsReader(new Findings()).read(raw.path(ServerTimeoutsReader.KEY));
    }

    /** config.json's {@code ClientKeys}; empty when unset, and then only {@code APIKEY} guards requests. */
    public List<ClientKey> clientKeys() {
        return new ClientKeysReader(new Findings()).read(raw.path(ClientKeysReader.KEY));
    }

    /** {@code path} as config.json means it: {@code ~/} is the home folder, relative is beside {@code source}. */
    public static Path resolveBeside(Path source, String path) {
        String expanded = path.startsWith("~/") ? RouterHome.expandTilde(path, System.getenv()) : path;
        Path dir = source.toAbsolutePath().getParent();
        return (dir == null ? Path.of(expanded) : dir.resolve(expanded))
                .toAbsolutePath()
                .normalize();
    }

    /** Each provider's {@code transformer} object (a copy), in the order of {@code Providers}. */
    public List<JsonNode> transformers() {
        return providers.stream().map(ProviderConfig::transformer).toList();
    }

    /** The provider called {@code name}, ignoring case. */
    public Optional<ProviderConfig> provider(String name) {
        // on every request's path: a plain loop, no stream pipeline
        String wanted = name.trim();
        for (ProviderConfig p : providers) {
            if (p.name().equalsIgnoreCase(wanted)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code provider,model} against the configured providers: the provider ignoring case, the
     * model exactly. The result carries the provider's configured spelling.
     */
    public Optional<Target> resolve(String providerCommaModel) {
        return Target.parse(providerCommaModel)
                .flatMap(t -> provider(t.provider())
                        .filter(p -> p.hasModel(t.model()))
                        .map(p -> new Target(p.name(), t.model())));
    }

    /**
     * A copy of {@link #raw()} safe to show: every API key ({@code api_key}, {@code APIKEY} and similar
     * fields, and any string equal to a configured key) becomes {@code ***}, as do URL user-info and
     * {@code key=} query values.
     */
    public JsonNode redacted() {
        return Redactor.redact(raw, secrets());
    }

    /**
     * {@code text} with every configured key masked as in {@link #redacted()}: for a provider's error
     * message, which may quote the key it rejected, before it is logged or shown in status.
     */
    public String redact(String text) {
        return Redactor.of(this).redact(text);
    }

    private Set<String> secrets() {
        Set<String> secrets = new LinkedHashSet<>();
        providers.forEach(p -> secrets.addAll(p.apiKeys()));
        if (apiKey != null) {
            secrets.add(apiKey);
        }
        clientKeys().forEach(k -> secrets.add(k.key()));
        return secrets;
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "RouterConfig[source=%s, bundled=%s, host=%s, port=%d, apiKey=%s, providers=%s, router=%s]",
                source,
                bundled,
                host,
                port,
                apiKey == null ? "none" : "***",
                providers.stream().map(ProviderConfig::name).toList(),
                router);
    }
}
