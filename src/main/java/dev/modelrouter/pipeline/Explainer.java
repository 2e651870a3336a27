package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Secrets;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ProviderEndpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works out, for {@code router explain}, the upstream call each target of a plan would get, the way the
 * exchange would build it, and sends nothing.
 */
final class Explainer {

    /** How much of an upstream body an explanation shows. */
    static final int BODY_PREVIEW = 800;

    private final Protocols protocols;
    private final ProviderEndpoint endpoints;
    private final Guards guards;
    private final JsonMapper json;
    private final Secrets secrets;

    Explainer(Protocols protocols, ProviderEndpoint endpoints, Guards guards, JsonMapper json, Secrets secrets) {
        this.protocols = protocols;
        this.endpoints = endpoints;
        this.guards = guards;
        this.json = json;
        this.secrets = secrets;
    }

    /**
     * The request as the client sent it, and how the exchange would call each of the plan's targets.
     *
     * @param forward the client's body with the model rewritten, for Anthropic clients (whose bodies go
     *     through as bytes when the provider speaks Anthropic too), else {@code null}
     */
    List<Explanation.TargetCall> targets(Protocol clientProtocol, ChatRequest client, RoutePlan plan,
            TransformerChains chains, @Nullable Function<Route, byte[]> forward) {
        Map<String, String> circuits = guards.states();
        List<Explanation.TargetCall> out = new ArrayList<>();
        for (Route route : plan.routes()) {
            TransformerChain chain = chains.chain(route);
            List<String> names = new ArrayList<>();
            for (Transformer t : chain.transformers()) {
                names.add(secrets.redact(describe(t)));
            }
            ProviderConfig provider = chains.config().provider(route.provider()).orElse(null);
            boolean bytes = forward != null && provider != null && provider.protocol() == WireProtocol.ANTHROPIC
                    && !chain.rewrites();
            Explanation.UpstreamPreview upstream = null;
            String problem = provider == null ? "no provider named " + route.provider() : null;
            if (provider != null) {
                try {
                    byte[] body = bytes ? forward.apply(route) : translated(clientProtocol, client, route, provider, chain);
                    upstream = preview(provider, route, client.stream(), body);
                } catch (RouterException e) {
                    problem = e.getMessage();
                }
            }
            out.add(new Explanation.TargetCall(secrets.redact(route.target()),
                    circuits.getOrDefault(route.target(), "CLOSED"), bytes ? "forward" : "translate", names,
                    upstream, problem == null ? null : secrets.redact(problem)));
        }
        return out;
    }

    private byte[] translated(Protocol clientProtocol, ChatRequest client, Route route, ProviderConfig provider,
            TransformerChain chain) {
        Protocol upstreamProtocol = protocols.of(provider);
        ChatRequest sent = chain.request(
                UpstreamRequests.forUpstream(client, route, clientProtocol, upstreamProtocol), route);
        return json.writeValueAsBytes(chain.body(upstreamProtocol.writeRequest(sent), route));
    }

    private Explanation.UpstreamPreview preview(ProviderConfig provider, Route route, boolean stream, byte[] body) {
        URI uri = endpoints.uri(provider, route.model(), stream);
        Map<String, String> headers = new LinkedHashMap<>();
        endpoints.preview(provider, stream).headers().forEach((k, v) -> headers.put(k, secrets.redact(v)));
        // masked before it is cut, so that no key is cut in half and left readable
        String text = secrets.redact(new String(body, StandardCharsets.UTF_8));
        String cut = text.length() > BODY_PREVIEW ? text.substring(0, BODY_PREVIEW) + "…" : text;
        return new Explanation.UpstreamPreview(secrets.redact(uri.toString()), headers, cut, body.length);
    }

    private static String describe(Transformer t) {
        String own = String.valueOf(t);
        // a transformer without a toString of its own names itself by its class
        return own.startsWith(t.getClass().getName() + "@") ? t.getClass().getSimpleName() : own;
    }
}
