package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.upstream.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code count_tokens} answered by the provider the request would go to, where it has a count endpoint
 * (Anthropic {@code /v1/messages/count_tokens}, Gemini {@code models/{m}:countTokens}); the local cl100k
 * count otherwise, and whenever the provider is slow or fails. Claude Code's {@code /context} fires
 * about 27 counts in a burst, mostly of the same shapes, so answers are cached per upstream body
 * (bounded, least recently used first out) and a call gets a short deadline.
 */
final class ProviderTokenCounts {

    /** Anthropic's count body takes none of these (protocols.md 1.8). */
    private static final List<String> NOT_COUNTED =
            List.of("max_tokens", "stream", "stop_sequences", "temperature", "top_p", "top_k", "metadata");

    private final UpstreamClient upstream;
    private final ProviderEndpoint endpoints;
    private final Protocols protocols;
    private final TokenCounter local;
    private final Duration deadline;
    private final Map<String, Integer> cache;

    ProviderTokenCounts(
            UpstreamClient upstream,
            ProviderEndpoint endpoints,
            Protocols protocols,
            TokenCounter local,
            Duration deadline,
            int capacity) {
        this.upstream = upstream;
        this.endpoints = endpoints;
        this.protocols = protocols;
        this.local = local;
        this.deadline = deadline;
        this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The prompt tokens of {@code request} (a decoded count_tokens body) as its provider counts them; the
     * client's {@code anthropic-beta} goes along, as Claude Code's bodies use beta features (deferred tools).
     */
    Mono<Integer> count(
            ChatRequest request,
            RouterConfig config,
            @Nullable String anthropicVersion,
            @Nullable String anthropicBeta) {
        return Mono.defer(() -> {
            Target target = target(request, config);
            ProviderConfig provider =
                    target == null ? null : config.provider(target.provider()).orElse(null);
            if (provider == null
                    || !provider.hasKey()
                    || provider.protocol() != WireProtocol.ANTHROPIC && provider.protocol() != WireProtocol.GEMINI) {
                return Mono.fromCallable(() -> local.count(request));
            }
            ChatRequest routed = request.withModel(target.model());
            boolean anthropic = provider.protocol() == WireProtocol.ANTHROPIC;
            byte[] body = WireJson.write(anthropic ? anthropicBody(routed) : geminiBody(routed))
                    .getBytes(StandardCharsets.UTF_8);
            String key = provider.name() + "\n" + digest(body);
            Integer known = cache.get(key);
            if (known != null) {
                return Mono.just(known);
            }
            URI uri = anthropic
                    ? URI.create(ProviderEndpoint.anthropicMessagesUri(provider.apiBaseUrl()) + "/count_tokens")
                    : ProviderEndpoint.geminiModelUri(provider.apiBaseUrl(), target.model(), "countTokens");
            UpstreamCall call = new UpstreamCall(
                    uri,
                    endpoints
                            .prepare(provider, anthropicVersion, anthropicBeta, false)
                            .headers(),
                    body,
                    () -> ProviderEndpoint.describe(provider, uri));
            return upstream.send(call, config.proxyUrl(), provider.resilience().connectTimeout())
                    .flatMap(reply -> Bodies.readUpTo(reply.body(), 64 * 1024)
                            .map(bytes -> reply.ok() ? read(bytes, anthropic ? "input_tokens" : "totalTokens") : -1))
                    .filter(n -> n >= 0)
                    .doOnNext(n -> cache.put(key, n))
                    .timeout(deadline)
                    .onErrorResume(e -> Mono.empty())
                    .switchIfEmpty(Mono.fromCallable(() -> local.count(request)));
        });
    }

    /** An explicit {@code provider,model}, else the default route's first target, as a count has no other facts. */
    private static @Nullable Target target(ChatRequest request, RouterConfig config) {
        Target explicit = config.resolve(request.model()).orElse(null);
        if (explicit != null) {
            return explicit;
        }
        List<Target> targets = config.router().targets(Scenario.DEFAULT);
        return targets.isEmpty() ? null : targets.get(0);
    }

    private ObjectNode anthropicBody(ChatRequest request) {
        ObjectNode body = protocols.anthropic().writeRequest(ForeignThinking.forAnthropic(request));
        NOT_COUNTED.forEach(body::remove);
        return body;
    }

    // countTokens takes system instruction and tools only inside generateContentRequest
    // (https://ai.google.dev/api/tokens#method:-models.counttokens).
    private ObjectNode geminiBody(ChatRequest request) {
        ObjectNode generate = protocols.gemini().writeRequest(request);
        generate.put("model", "models/" + request.model());
        ObjectNode body = WireJson.object();
        body.set("generateContentRequest", generate);
        return body;
    }

    private static int read(byte[] bytes, String field) {
        JsonNode json = WireJson.tryParse(new String(bytes, StandardCharsets.UTF_8));
        JsonNode count = json == null ? null : json.get(field);
        return count != null && count.isIntegralNumber() ? count.intValue() : -1;
    }

    private static String digest(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
