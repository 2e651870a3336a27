package dev.modelrouter.config;

import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reads and checks the {@code Providers} list. */
final class ProviderReader {

    private static final Set<String> KNOWN = Set.of(
            "name", "api_base_url", "api_key", "models", "transformer", "protocol", "auth", "tokenizer", "resilience");
    /** Recognised ccr provider keys that nothing acts on yet. */
    private static final Set<String> INACTIVE = Set.of();

    private static final URI NO_URL = URI.create("http://invalid.invalid/");

    private final Findings findings;
    private final ValueReader values;

    private final Resilience defaults;

    ProviderReader(Findings findings, Resilience defaults) {
        this.findings = findings;
        this.values = new ValueReader(findings);
        this.defaults = defaults;
    }

    List<ProviderConfig> read(JsonNode list, String path) {
        if (ValueReader.absent(list)) {
            return List.of();
        }
        if (!list.isArray()) {
            findings.error(
                    path,
                    "expected a list of providers [{\"name\": ..., \"api_base_url\": ..., ...}], got "
                            + ValueReader.show(list));
            return List.of();
        }
        List<ProviderConfig> providers = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = Findings.index(path, i);
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                findings.error(
                        at,
                        "expected a provider object {\"name\": ..., \"api_base_url\": ..., \"models\": [...]},"
                                + " got " + ValueReader.show(node));
                continue;
            }
            ProviderConfig provider = readOne(node, at);
            if (provider == null) {
                continue;
            }
            String key = provider.name().toLowerCase(Locale.ROOT);
            String previous = seen.putIfAbsent(key, at);
            if (previous != null) {
                findings.error(
                        Findings.field(at, "name"),
                        "duplicate provider name '" + provider.name() + "' (also " + previous
                                + "); provider names must be unique, ignoring case; rename one of them");
                continue;
            }
            providers.add(provider);
        }
        return providers;
    }

    private @Nullable ProviderConfig readOne(JsonNode node, String at) {
        for (String key : node.propertyNames()) {
            if (INACTIVE.contains(key)) {
                findings.inactive(Findings.field(at, key));
            } else if (!KNOWN.contains(key)) {
                findings.warn(
                        Findings.field(at, key),
                        "unknown provider key '" + key + "' ignored (known: "
                                + KNOWN.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        String name = values.string(node.path("name"), Findings.field(at, "name"));
        if (name == null) {
            if (node.path("name").isMissingNode()
                    || node.path("name").isNull()
                    || node.path("name").isString()) {
                findings.error(Findings.field(at, "name"), "provider has no name; add \"name\": \"my-provider\"");
            }
            return null;
        }
        URI url = url(node.path("api_base_url"), Findings.field(at, "api_base_url"), name);
        // ccr's Vertex AI providers are authorised by Google credentials; their api_key is unused
        boolean google = usesVertex(node.path("transformer"));
        List<String> keys = google ? List.of() : keys(node.path("api_key"), Findings.field(at, "api_key"), name);
        Map<String, ModelLimits> limits = new HashMap<>();
        List<String> models = models(node.path("models"), Findings.field(at, "models"), name, limits);
        JsonNode transformer = transformer(node.path("transformer"), Findings.field(at, "transformer"));
        WireProtocol explicitProtocol = protocol(node.path("protocol"), Findings.field(at, "protocol"));
        AuthStyle explicitAuth = auth(node.path("auth"), Findings.field(at, "auth"));
        WireProtocol protocol = ProtocolDetection.protocol(explicitProtocol, transformer, url);
        AuthStyle auth = ProtocolDetection.auth(explicitAuth, protocol);
        Resilience resilience = new ResilienceReader(findings)
                .read(node.path("resilience"), Findings.field(at, "resilience"), defaults);
        return new ProviderConfig(name, url, keys, models, protocol, auth, transformer, resilience, limits);
    }

    private static boolean usesVertex(JsonNode transformer) {
        for (JsonNode entry : transformer.path("use")) {
            JsonNode name = entry.isArray() && !entry.isEmpty() ? entry.get(0) : entry;
            if (name.isString()
                    && name.stringValue().trim().toLowerCase(Locale.ROOT).startsWith("vertex-")) {
                return true;
            }
        }
        return false;
    }

    private URI url(JsonNode node, String path, String provider) {
        String example = "such as \"https://api.example.com/v1/chat/completions\"";
        if (ValueReader.absent(node) || (node.isString() && node.stringValue().isBlank())) {
            findings.error(
                    path, "provider '" + provider + "' has no api_base_url; add the full endpoint URL, " + example);
            return NO_URL;
        }
        String text = values.string(node, path);
        if (text == null) {
            return NO_URL;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        findings.error(
                path, "expected an absolute http(s) URL " + example + ", got \"" + Redactor.redactString(text) + "\"");
        return NO_URL;
    }

    private List<String> keys(JsonNode node, String path, String provider) {
        Set<String> keys = new LinkedHashSet<>();
        if (node.isString()) {
            addKey(keys, node.stringValue());
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode k = node.get(i);
                if (k.isString()) {
                    addKey(keys, k.stringValue());
                } else if (!k.isNull()) {
                    // Never echo the value: it may be a key pasted in the wrong shape.
                    findings.error(Findings.index(path, i), "expected an API key string, got a " + kind(k));
                }
            }
        } else if (!ValueReader.absent(node)) {
            findings.error(path, "expected an API key string or a list of them, got a " + kind(node));
            return List.of();
        }
        if (keys.isEmpty() && !findings.warnedAt(path)) {
            findings.warn(
                    path,
                    "provider '" + provider + "' has no API key, so requests routed to it fail until one is set;"
                            + " set \"api_key\" (e.g. \"$"
                            + provider.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_")
                            + "_API_KEY\"), or any placeholder such as \"ollama\" for a local server that needs none");
        }
        return List.copyOf(keys);
    }

    private static void addKey(Set<String> keys, String key) {
        String k = key.trim();
        if (!k.isEmpty()) {
            keys.add(k);
        }
    }

    /** Model names, each a string or {@code {"name": ..., "context": ..., "max_output": ...}}. */
    private List<String> models(JsonNode node, String path, String provider, Map<String, ModelLimits> limits) {
        if (ValueReader.absent(node)) {
            findings.error(path, "provider '" + provider + "' has no models; add \"models\": [\"model-name\", ...]");
            return List.of();
        }
        if (!node.isArray()) {
            findings.error(path, "expected a list of model names, got " + ValueReader.show(node));
            return List.of();
        }
        Set<String> models = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String at = Findings.index(path, i);
            String name = m.isObject()
                    ? modelObject(m, at, limits)
                    : m.isString() ? m.stringValue().trim() : null;
            if (name == null || name.isEmpty()) {
                if (!m.isObject()) {
                    findings.error(
                            at,
                            "expected a model name or {\"name\": ..., \"context\": ..., \"max_output\": ...}," + " got "
                                    + ValueReader.show(m));
                }
            } else if (!models.add(name)) {
                findings.warn(at, "model '" + name + "' is listed twice");
            }
        }
        if (node.isEmpty()) {
            findings.warn(path, "provider '" + provider + "' lists no models, so nothing can be routed to it");
        }
        return List.copyOf(models);
    }

    private static final Set<String> MODEL_KEYS = Set.of("name", "context", "max_output");

    private @Nullable String modelObject(JsonNode m, String at, Map<String, ModelLimits> limits) {
        for (String key : m.propertyNames()) {
            if (!MODEL_KEYS.contains(key)) {
                findings.warn(
                        Findings.field(at, key),
                        "unknown model key '" + key + "' ignored (known: context," + " max_output, name)");
            }
        }
        JsonNode n = m.path("name");
        if (!n.isString() || n.stringValue().isBlank()) {
            findings.error(
                    Findings.field(at, "name"),
                    "a model object needs its name: {\"name\": \"model-name\"," + " \"context\": 128000}");
            return null;
        }
        String name = n.stringValue().trim();
        int context = tokens(m.path("context"), Findings.field(at, "context"));
        int maxOutput = tokens(m.path("max_output"), Findings.field(at, "max_output"));
        if (context > 0 && maxOutput >= context) {
            findings.warn(
                    Findings.field(at, "max_output"),
                    "max_output " + maxOutput + " is not below the context window " + context
                            + "; is one of them mistyped?");
        }
        if (context > 0 || maxOutput > 0) {
            limits.put(name, new ModelLimits(context, maxOutput, ModelLimits.Source.CONFIG));
        }
        return name;
    }

    /** A positive token count, or 0 (with an error) when it is something else; 0 when absent. */
    private int tokens(JsonNode node, String path) {
        if (ValueReader.absent(node)) {
            return 0;
        }
        if (node.isIntegralNumber() && node.longValue() > 0 && node.longValue() <= Integer.MAX_VALUE) {
            return node.intValue();
        }
        findings.error(
                path, "expected a positive whole number of tokens such as 128000, got " + ValueReader.show(node));
        return 0;
    }

    private JsonNode transformer(JsonNode node, String path) {
        if (ValueReader.absent(node)) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            findings.error(path, "expected an object like {\"use\": [\"openrouter\"]}, got " + ValueReader.show(node));
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode use = node.path("use");
        if (!ValueReader.absent(use) && !use.isArray()) {
            findings.error(
                    Findings.field(path, "use"),
                    "expected a list of transformer names or [name, options]" + " pairs, got " + ValueReader.show(use));
        }
        return node;
    }

    private @Nullable WireProtocol protocol(JsonNode node, String path) {
        String text = values.string(node, path);
        if (text == null) {
            return null;
        }
        WireProtocol p = WireProtocol.fromKey(text).orElse(null);
        if (p == null) {
            findings.error(
                    path,
                    "unknown protocol \"" + text + "\"; use one of "
                            + Stream.of(WireProtocol.values())
                                    .map(WireProtocol::key)
                                    .collect(Collectors.joining(", ")));
        }
        return p;
    }

    private @Nullable AuthStyle auth(JsonNode node, String path) {
        String text = values.string(node, path);
        if (text == null) {
            return null;
        }
        AuthStyle a = AuthStyle.fromKey(text).orElse(null);
        if (a == null) {
            findings.error(
                    path,
                    "unknown auth style \"" + text + "\"; use one of "
                            + Stream.of(AuthStyle.values()).map(AuthStyle::key).collect(Collectors.joining(", ")));
        }
        return a;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
