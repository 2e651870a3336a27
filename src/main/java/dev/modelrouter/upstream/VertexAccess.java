package dev.modelrouter.upstream;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.upstream.VertexEndpoint.Flavour;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls to a provider whose {@code transformer.use} names one of ccr's {@code vertex-*} transformers: the
 * Vertex URL of the call, and, on each call, a Google access token and the body Vertex wants. The
 * credentials come from the entry's options ({@code credentials}: a JSON file; ccr's {@code client_email}
 * and {@code private_key}), else application-default credentials; one instance per source, so the token
 * Google's library caches is shared by every call and every config reload.
 */
final class VertexAccess {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final Map<String, String> env;
    private final Map<String, VertexCredentials> credentials = new ConcurrentHashMap<>();

    VertexAccess(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The Vertex flavour {@code provider}'s {@code use} list names, if any. */
    static Optional<Flavour> flavour(ProviderConfig provider) {
        return provider.useName("vertex-").flatMap(Flavour::of);
    }

    private static Optional<JsonNode> entry(ProviderConfig provider) {
        return provider.useEntry("vertex-").filter(e -> Flavour.of(name(e)).isPresent());
    }

    private static String name(JsonNode entry) {
        JsonNode n = entry.isArray() && !entry.isEmpty() ? entry.get(0) : entry;
        return n.isString() ? n.stringValue() : "";
    }

    /** The string options of the {@code vertex-*} entry ({@code ["vertex-claude", {"project": ...}]}). */
    private static Map<String, String> options(ProviderConfig provider) {
        Map<String, String> out = new LinkedHashMap<>();
        entry(provider)
                .filter(e -> e.isArray() && e.size() == 2 && e.get(1).isObject())
                .ifPresent(e -> {
                    for (Map.Entry<String, JsonNode> o : e.get(1).properties()) {
                        if (o.getValue().isString() || o.getValue().isNumber()) {
                            out.put(o.getKey(), o.getValue().asString());
                        }
                    }
                });
        return out;
    }

    /** Where a call to {@code model} goes. */
    URI uri(ProviderConfig provider, Flavour flavour, String model, boolean stream) {
        Map<String, String> options = options(provider);
        URI given = provider.apiBaseUrl();
        String path = given.getPath() == null ? "" : given.getPath();
        if (flavour == Flavour.OPENAI && path.contains("/endpoints/openapi")) {
            return given; // ccr's vertex-openai takes the full endpoint URL as api_base_url
        }
        VertexEndpoint endpoint;
        try {
            endpoint = VertexEndpoint.of(
                    flavour, options, env, credentials(provider, options).project());
        } catch (IllegalArgumentException e) {
            throw RouterException.invalid("provider '" + provider.name() + "': " + e.getMessage());
        }
        return endpoint.uri(flavour, model, stream, base(given));
    }

    /**
     * Google's host for {@code *.googleapis.com} (ccr builds it from the region, whatever api_base_url
     * says); any other host (a private endpoint, a test's fake) replaces it.
     */
    private static Optional<URI> base(URI given) {
        String host = given.getHost() == null ? "" : given.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith("googleapis.com")) {
            return Optional.empty();
        }
        return Optional.of(URI.create(given.getScheme() + "://" + given.getRawAuthority()));
    }

    /**
     * {@code call} with a current token and the body Vertex takes: Claude's without {@code model} and
     * with {@code anthropic_version} (the model is in the URL), the OpenAI endpoint's model as
     * {@code publisher/model}. The token comes off the event loop; the body rewrite is a parse of the
     * bytes already in memory, so the Anthropic passthrough path is covered as well as translation.
     */
    Mono<UpstreamCall> authorize(ProviderConfig provider, Flavour flavour, UpstreamCall call) {
        VertexCredentials source;
        try {
            source = credentials(provider, options(provider));
        } catch (IllegalArgumentException e) {
            return Mono.error(RouterException.invalid("provider '" + provider.name() + "': " + e.getMessage()));
        }
        byte[] body = body(flavour, call.body());
        return source.token()
                .onErrorMap(
                        e -> !(e instanceof RouterException),
                        e -> new RouterException(
                                ErrorKind.BAD_GATEWAY,
                                502,
                                "provider '" + provider.name() + "': no Google access token from " + source.file()
                                        + ": " + e.getMessage(),
                                null,
                                null))
                .map(token -> {
                    Map<String, String> headers = new LinkedHashMap<>(call.headers());
                    headers.put("authorization", "Bearer " + token);
                    return new UpstreamCall(call.uri(), headers, body, call.target());
                });
    }

    static byte[] body(Flavour flavour, byte[] body) {
        if (flavour == Flavour.GEMINI) {
            return body;
        }
        JsonNode tree = JSON.readTree(body);
        if (!(tree instanceof ObjectNode object)) {
            return body;
        }
        if (flavour == Flavour.CLAUDE) {
            // https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude
            object.remove("model");
            if (!object.has("anthropic_version")) {
                object.put("anthropic_version", VertexEndpoint.ANTHROPIC_VERSION);
            }
        } else {
            // the OpenAI-compatible endpoint names models publisher/model:
            // https://cloud.google.com/vertex-ai/generative-ai/docs/migrate/openai/overview
            String model = object.path("model").asString("");
            if (!model.isEmpty() && !model.contains("/")) {
                object.put("model", "google/" + model);
            }
        }
        return JSON.writeValueAsBytes(object);
    }

    /** The credentials {@code options} name, else the environment's, read once per source. */
    private VertexCredentials credentials(ProviderConfig provider, Map<String, String> options) {
        String file = options.get("credentials");
        String email = options.get("client_email");
        String key = options.get("private_key");
        if (email != null && key != null) {
            return credentials.computeIfAbsent(
                    "sa:" + email + "\n" + key.hashCode(),
                    k -> VertexCredentials.fromServiceAccount(email, key, options.get("token_uri")));
        }
        Path path = file != null ? Path.of(file) : VertexCredentials.file(env);
        return credentials.computeIfAbsent("file:" + path.toAbsolutePath(), k -> VertexCredentials.fromFile(path));
    }
}
