package dev.modelrouter.upstream;

import dev.modelrouter.config.AuthStyle;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Builds the URL and headers of a call to one provider: the endpoint per ccr's {@code api_base_url}
 * semantics, the provider's own key in the provider's auth style (the client's credentials are never
 * forwarded), keys of a pool taken in turn.
 */
public final class ProviderEndpoint {

    private static final String USER_AGENT = "model-router/0.1";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private final Map<String, AtomicInteger> nextKey = new ConcurrentHashMap<>();
    /** Keys resting after a 429 or 401, until the instant stored; keyed by provider name and key index. */
    private final Map<String, Instant> coolingUntil = new ConcurrentHashMap<>();

    private final VertexAccess vertex;
    private volatile RestListener rested = (provider, keyIndex, until) -> {};

    /** Told of every key this instance rests, for cluster mode, which rests it on every instance. */
    @FunctionalInterface
    public interface RestListener {
        /** Key {@code keyIndex} of {@code provider}'s pool rests until {@code until}. */
        void rested(ProviderConfig provider, int keyIndex, Instant until);
    }

    /** Endpoints whose Vertex AI providers find Google's credentials through the process environment. */
    public ProviderEndpoint() {
        this(System.getenv());
    }

    /** Endpoints whose Vertex AI providers find Google's credentials through {@code env}. */
    public ProviderEndpoint(Map<String, String> env) {
        this.vertex = new VertexAccess(env);
    }

    /**
     * The headers of one call, and which key of the pool they carry (so a failure can rest that key).
     *
     * @param headers the request headers
     * @param keyIndex the index of the key in the provider's pool
     */
    public record Prepared(Map<String, String> headers, int keyIndex) {}

    /**
     * The endpoint of an Anthropic-protocol provider: ccr users write either the full
     * {@code .../v1/messages} URL or a base such as {@code https://open.bigmodel.cn/api/anthropic}.
     */
    public static URI anthropicMessagesUri(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        if (path.endsWith("/messages")) {
            return base;
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String joined = trimmed + (trimmed.endsWith("/v1") ? "/messages" : "/v1/messages");
        try {
            return new URI(
                    base.getScheme(),
                    base.getUserInfo(),
                    base.getHost(),
                    base.getPort(),
                    joined,
                    base.getQuery(),
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("bad provider URL " + base, e);
        }
    }

    /** The endpoint for a request to {@code provider} with {@code model}. */
    public URI uri(ProviderConfig provider, String model, boolean stream) {
        Optional<VertexEndpoint.Flavour> flavour = VertexAccess.flavour(provider);
        if (flavour.isPresent()) {
            return vertex.uri(provider, flavour.get(), model, stream);
        }
        if (provider.protocol() == WireProtocol.ANTHROPIC) {
            return anthropicMessagesUri(provider.apiBaseUrl());
        }
        if (provider.protocol() == WireProtocol.GEMINI) {
            return geminiModelUri(
                    provider.apiBaseUrl(), model, stream ? "streamGenerateContent?alt=sse" : "generateContent");
        }
        return provider.apiBaseUrl();
    }

    /**
     * {@code <base>/models/<model>:<method>} for a Gemini provider. ccr's README writes the base as
     * {@code .../v1beta/models/} (ccr appends only {@code <model>:generateContent}), others write
     * {@code .../v1beta/}; both must reach the same endpoint, never {@code /models/models/}.
     */
    public static URI geminiModelUri(URI apiBaseUrl, String model, String method) {
        String base = apiBaseUrl.toString();
        base = base.endsWith("/") ? base : base + "/";
        String models = base.endsWith("/models/") ? base : base + "models/";
        return URI.create(models + segment(model) + ":" + method);
    }

    /**
     * {@code text} as exactly one URL path segment: every byte of its UTF-8 form but RFC 3986's
     * unreserved characters percent-encoded, so a client's model name cannot add segments ({@code /},
     * {@code ../}), start the query or fragment ({@code ?}, {@code #}), or blur where Gemini's
     * {@code :method} suffix begins ({@code :}).
     */
    static String segment(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * {@code call} ready to send: for a Vertex AI provider with a Google access token (fetched off the
     * event loop, cached by Google's library) and the body Vertex takes; any other call as it is.
     */
    public Mono<UpstreamCall> authorize(ProviderConfig provider, UpstreamCall call) {
        Optional<VertexEndpoint.Flavour> flavour = VertexAccess.flavour(provider);
        return flavour.isPresent() ? vertex.authorize(provider, flavour.get(), call) : Mono.just(call);
    }

    /**
     * Headers for a call: JSON, the provider's key, and for Anthropic-protocol providers the client's
     * {@code anthropic-version} and {@code anthropic-beta}. Takes the pool's next key in turn.
     */
    public Prepared prepare(
            ProviderConfig provider,
            @Nullable String anthropicVersion,
            @Nullable String anthropicBeta,
            boolean stream) {
        return headers(
                provider,
                anthropicVersion,
                anthropicBeta,
                stream,
                google(provider) ? 0 : keyIndex(requireKey(provider), true));
    }

    /**
     * The headers {@link #prepare} would build for a call now, with the key whose turn it is, leaving
     * the turn where it is: {@code router explain} shows a call without changing which key the next
     * real one takes.
     */
    public Prepared preview(ProviderConfig provider, boolean stream) {
        return headers(provider, null, null, stream, google(provider) ? 0 : keyIndex(requireKey(provider), false));
    }

    private Prepared headers(
            ProviderConfig provider,
            @Nullable String anthropicVersion,
            @Nullable String anthropicBeta,
            boolean stream,
            int index) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        h.put("accept", stream ? "text/event-stream" : "application/json");
        h.put("user-agent", USER_AGENT);
        if (google(provider)) {
            // the Google token goes on in authorize; Claude on Vertex takes anthropic_version in the body
            if (provider.protocol() == WireProtocol.ANTHROPIC && anthropicBeta != null && !anthropicBeta.isBlank()) {
                h.put("anthropic-beta", anthropicBeta);
            }
            return new Prepared(h, index);
        }
        String key = provider.apiKeys().get(index);
        if (provider.auth() == AuthStyle.X_API_KEY) {
            h.put("x-api-key", key);
        } else if (provider.auth() == AuthStyle.GOOG_API_KEY) {
            h.put("x-goog-api-key", key);
        } else {
            h.put("authorization", "Bearer " + key);
        }
        if (provider.protocol() == WireProtocol.ANTHROPIC) {
            h.put("anthropic-version", anthropicVersion == null ? "2023-06-01" : anthropicVersion);
            if (anthropicBeta != null && !anthropicBeta.isBlank()) {
                h.put("anthropic-beta", anthropicBeta);
            }
        }
        return new Prepared(h, index);
    }

    /** Whether {@code provider} is one of ccr's Vertex AI flavours, authorised by Google credentials, not a key. */
    private static boolean google(ProviderConfig provider) {
        return VertexAccess.flavour(provider).isPresent();
    }

    private static ProviderConfig requireKey(ProviderConfig provider) {
        if (!provider.hasKey()) {
            throw RouterException.invalid("provider '" + provider.name()
                    + "' has no API key: its api_key in config.json is empty or names an unset environment variable");
        }
        return provider;
    }

    /** The next key in turn that is not resting; when all rest, the one that wakes first. */
    private int keyIndex(ProviderConfig provider, boolean take) {
        int n = provider.apiKeys().size();
        if (n == 1) {
            return 0;
        }
        AtomicInteger turn = nextKey.computeIfAbsent(provider.name(), k -> new AtomicInteger());
        int start = Math.floorMod(take ? turn.getAndIncrement() : turn.get(), n);
        Instant now = Instant.now();
        int best = start;
        Instant bestWake = Instant.MAX;
        for (int i = 0; i < n; i++) {
            int index = (start + i) % n;
            Instant wake = coolingUntil.get(provider.name() + "#" + index);
            if (wake == null || !wake.isAfter(now)) {
                return index;
            }
            if (wake.isBefore(bestWake)) {
                bestWake = wake;
                best = index;
            }
        }
        return best;
    }

    /** Rests key {@code keyIndex} of {@code provider} for {@code duration} (after a 429 or 401). */
    public void coolDown(ProviderConfig provider, int keyIndex, Duration duration) {
        if (provider.apiKeys().size() > 1) {
            Instant until = Instant.now().plus(duration);
            coolingUntil.put(provider.name() + "#" + keyIndex, until);
            rested.rested(provider, keyIndex, until);
        }
    }

    /** Rests key {@code keyIndex} of the provider named {@code provider} until {@code until}, as another instance asked. */
    public void restUntil(String provider, int keyIndex, Instant until) {
        coolingUntil.merge(provider + "#" + keyIndex, until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Sets who is told of rested keys (one listener: cluster mode's). */
    public void onRested(RestListener listener) {
        rested = listener;
    }

    /** The keys of {@code provider}'s pool resting now, by index in the pool, with when each wakes. */
    public Map<Integer, Instant> resting(ProviderConfig provider) {
        Map<Integer, Instant> out = new java.util.TreeMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < provider.apiKeys().size(); i++) {
            Instant wake = coolingUntil.get(provider.name() + "#" + i);
            if (wake != null && wake.isAfter(now)) {
                out.put(i, wake);
            }
        }
        return out;
    }

    /** How to name a provider in errors: name and URL, never a key. */
    public static String describe(ProviderConfig provider, URI uri) {
        String url = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
        return "provider '" + provider.name() + "' at " + url;
    }
}
