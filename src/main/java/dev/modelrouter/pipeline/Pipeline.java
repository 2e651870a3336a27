package dev.modelrouter.pipeline;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.WireProtocol;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.upstream.UpstreamClient;
import dev.modelrouter.upstream.UpstreamReply;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exchange, end to end: read the client's request, route it on the config snapshot taken at
 * its start, call the upstream, answer in the client's protocol. When client and provider speak
 * Anthropic, the body goes through as bytes with only the model rewritten, and the answer comes back
 * byte for byte as it arrives.
 */
public final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    static final String ROUTE_HEADER = "x-router-route";

    private final LiveConfig live;
    private final ScenarioRouter router;
    private final TokenCounter tokens;
    private final UpstreamClient upstream;
    private final ProviderEndpoint endpoints;
    private final Protocol anthropic;
    private final DataBufferFactory buffers;
    private final JsonMapper json;

    public Pipeline(
            LiveConfig live,
            ScenarioRouter router,
            TokenCounter tokens,
            UpstreamClient upstream,
            ProviderEndpoint endpoints,
            Protocol anthropic,
            DataBufferFactory buffers,
            JsonMapper json) {
        this.live = live;
        this.router = router;
        this.tokens = tokens;
        this.upstream = upstream;
        this.endpoints = endpoints;
        this.anthropic = anthropic;
        this.buffers = buffers;
        this.json = json;
    }

    /** {@code POST /v1/messages}: an Anthropic client's request. */
    public Mono<ProxyResponse> anthropicMessages(byte[] body, @Nullable String version, @Nullable String beta) {
        return Mono.defer(() -> {
            long started = System.nanoTime();
            RouterConfig config = live.current();
            AnthropicScan scan = AnthropicRequestScanner.scan(body);
            RoutePlan plan = router.route(scan.traits(() -> countTokens(body)), config);
            Route route = plan.primary();
            ProviderConfig provider = config.provider(route.provider())
                    .orElseThrow(() -> new RouterException(ErrorKind.NOT_FOUND, "no provider named " + route.provider()));
            if (provider.protocol() != WireProtocol.ANTHROPIC) {
                return Mono.error(new RouterException(
                        ErrorKind.INVALID_REQUEST,
                        "provider '" + provider.name() + "' speaks " + provider.protocol()
                                + ", which this build cannot translate to yet"));
            }
            URI uri = endpoints.uri(provider, route.model(), scan.stream());
            UpstreamCall call = new UpstreamCall(
                    uri,
                    endpoints.headers(provider, version, beta, scan.stream()),
                    scan.rewrite(route.model()),
                    ProviderEndpoint.describe(provider, uri));
            return upstream.send(call, config.proxyUrl())
                    .flatMap(reply -> relay(reply, route, anthropic))
                    .doOnNext(r -> LOG.info(
                            "{} {} -> {} ({} ms to headers)",
                            route.scenario().key(),
                            scan.model(),
                            route.target(),
                            r.status(),
                            (System.nanoTime() - started) / 1_000_000));
        });
    }

    /** {@code POST /v1/messages/count_tokens}, answered locally. */
    public int countTokens(byte[] body) {
        tools.jackson.databind.JsonNode tree = parse(body);
        if (tree.isObject() && !tree.has("max_tokens")) {
            ((tools.jackson.databind.node.ObjectNode) tree).put("max_tokens", 1);
        }
        return tokens.count(anthropic.readRequest(tree));
    }

    private tools.jackson.databind.JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (tools.jackson.core.JacksonException e) {
            throw RouterException.invalid("malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }

    private Mono<ProxyResponse> relay(UpstreamReply reply, Route route, Protocol client) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put(ROUTE_HEADER, route.header());
        if (reply.ok()) {
            return Mono.just(new ProxyResponse(reply.status(), headers, reply.body()));
        }
        String what = "provider '" + route.provider() + "', model '" + route.model() + "'";
        return Bodies.readUpTo(reply.body(), ERROR_BODY_LIMIT).map(bytes -> {
            RouterException error = anthropic.readError(reply.status(), bytes, what);
            Map<String, String> errorHeaders = new LinkedHashMap<>();
            errorHeaders.put("content-type", "application/json");
            errorHeaders.put(ROUTE_HEADER, route.header());
            if (reply.header("retry-after") != null) {
                errorHeaders.put("retry-after", reply.header("retry-after"));
            }
            byte[] out = json.writeValueAsBytes(client.writeError(error));
            return new ProxyResponse(reply.status(), errorHeaders, Flux.just(buffers.wrap(out)));
        });
    }
}
