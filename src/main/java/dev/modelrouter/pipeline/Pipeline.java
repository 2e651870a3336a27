package dev.modelrouter.pipeline;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.WireProtocol;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.routing.TraitsOf;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.upstream.UpstreamClient;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exchange, end to end: read the client's request, route it on the config snapshot taken at
 * its start, call the upstream, answer in the client's protocol. When client and provider both speak
 * Anthropic, the body goes through as bytes with only the model rewritten and the answer comes back
 * byte for byte; otherwise the request is decoded to the canonical model, encoded for the provider,
 * and the answer converted back event by event.
 */
public final class Pipeline {

    private final LiveConfig live;
    private final ScenarioRouter router;
    private final TokenCounter tokens;
    private final UpstreamClient upstream;
    private final ProviderEndpoint endpoints;
    private final Protocols protocols;
    private final Replies replies;
    private final JsonMapper json;

    public Pipeline(
            LiveConfig live,
            ScenarioRouter router,
            TokenCounter tokens,
            UpstreamClient upstream,
            ProviderEndpoint endpoints,
            Protocols protocols,
            DataBufferFactory buffers,
            JsonMapper json) {
        this.live = live;
        this.router = router;
        this.tokens = tokens;
        this.upstream = upstream;
        this.endpoints = endpoints;
        this.protocols = protocols;
        this.replies = new Replies(buffers, json);
        this.json = json;
    }

    /** {@code POST /v1/messages}: an Anthropic client's request. */
    public Mono<ProxyResponse> anthropicMessages(byte[] body, @Nullable String version, @Nullable String beta) {
        return Mono.defer(() -> {
            RouterConfig config = live.current();
            AnthropicScan scan = AnthropicRequestScanner.scan(body);
            RoutePlan plan = router.route(scan.traits(() -> countTokens(body)), config);
            Route route = plan.primary();
            ProviderConfig provider = provider(config, route);
            if (provider.protocol() == WireProtocol.ANTHROPIC) {
                URI uri = endpoints.uri(provider, route.model(), scan.stream());
                UpstreamCall call = new UpstreamCall(
                        uri,
                        endpoints.headers(provider, version, beta, scan.stream()),
                        scan.rewrite(route.model()),
                        ProviderEndpoint.describe(provider, uri));
                return upstream.send(call, config.proxyUrl())
                        .flatMap(reply -> replies.relay(reply, route, protocols.anthropic(), protocols.anthropic()));
            }
            ChatRequest client = TraitsOf.withoutSubagentTag(protocols.anthropic().readRequest(parse(body)));
            return translated(protocols.anthropic(), client, route, provider, config, version, beta);
        });
    }

    /** {@code POST /v1/chat/completions}: an OpenAI client's request. */
    public Mono<ProxyResponse> openAiChat(byte[] body) {
        return Mono.defer(() -> {
            RouterConfig config = live.current();
            ChatRequest client = protocols.openai().readRequest(parse(body));
            RoutePlan plan = router.route(TraitsOf.of(client, tokens), config);
            Route route = plan.primary();
            ProviderConfig provider = provider(config, route);
            return translated(protocols.openai(), TraitsOf.withoutSubagentTag(client), route, provider, config, null, null);
        });
    }

    /** {@code POST /v1/messages/count_tokens}, answered locally. */
    public int countTokens(byte[] body) {
        return tokens.count(protocols.anthropic().readCountTokensRequest(parse(body)));
    }

    private Mono<ProxyResponse> translated(
            Protocol clientProtocol,
            ChatRequest client,
            Route route,
            ProviderConfig provider,
            RouterConfig config,
            @Nullable String version,
            @Nullable String beta) {
        Protocol upstreamProtocol = protocols.of(provider);
        ChatRequest sent = forUpstream(client, route, clientProtocol, upstreamProtocol);
        URI uri = endpoints.uri(provider, route.model(), client.stream());
        String describe = ProviderEndpoint.describe(provider, uri);
        UpstreamCall call = new UpstreamCall(
                uri,
                endpoints.headers(provider, version, beta, client.stream()),
                json.writeValueAsBytes(upstreamProtocol.writeRequest(sent)),
                describe);
        return upstream.send(call, config.proxyUrl())
                .flatMap(reply -> replies.translate(reply, route, upstreamProtocol, clientProtocol, sent, client));
    }

    /**
     * The request as the provider gets it: its model, and only pass-through fields meant for its
     * protocol (a field another protocol's client sent could be rejected, e.g. Anthropic's
     * {@code context_management} by an OpenAI-compatible server).
     */
    private static ChatRequest forUpstream(ChatRequest client, Route route, Protocol from, Protocol to) {
        ChatRequest.Builder b = client.toBuilder().model(route.model());
        if (from != to) {
            java.util.Map<String, JsonNode> kept = new java.util.LinkedHashMap<>();
            client.extensions().forEach((k, v) -> {
                if (k.startsWith(to.name() + ".")) {
                    kept.put(k, v);
                }
            });
            b.extensions(kept);
        }
        return b.build();
    }

    private static ProviderConfig provider(RouterConfig config, Route route) {
        return config.provider(route.provider())
                .orElseThrow(() -> new RouterException(ErrorKind.NOT_FOUND, "no provider named '" + route.provider() + "'"));
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw RouterException.invalid("malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }
}
