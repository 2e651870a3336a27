package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.Secrets;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.RequestBody;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * How the exchange would call each of the plan's targets: as bytes when {@link Forward} would take
     * it, else the request {@link Translate} would send.
     */
    List<Explanation.TargetCall> targets(Exchange x, RoutePlan plan, TransformerChains chains) {
        Map<String, String> circuits = guards.states();
        List<Explanation.TargetCall> out = new ArrayList<>();
        for (Route route : plan.routes()) {
            TransformerChain chain = chains.chain(route);
            List<String> names = new ArrayList<>();
            for (Transformer t : chain.transformers()) {
                names.add(secrets.redact(describe(t)));
            }
            ProviderConfig provider = chains.config().provider(route.provider()).orElse(null);
            Dispatch d = provider == null ? null : new Dispatch(x, route, provider, chain, null);
            boolean bytes = d != null && Forward.applies(d);
            Explanation.UpstreamPreview upstream = null;
            String problem = provider == null ? "no provider named " + route.provider() : null;
            if (d != null) {
                try {
                    upstream = preview(d, bytes ? forwarded(d) : translated(d));
                } catch (RouterException e) {
                    problem = e.getMessage();
                }
            }
            out.add(new Explanation.TargetCall(
                    secrets.redact(route.target()),
                    circuits.getOrDefault(route.target(), "CLOSED"),
                    bytes ? "forward" : "translate",
                    names,
                    upstream,
                    problem == null ? null : secrets.redact(problem)));
        }
        return out;
    }

    private static byte[] forwarded(Dispatch d) {
        AnthropicScan scan = d.exchange().request().forwardable();
        if (scan == null) {
            throw new IllegalStateException("not a forwardable request");
        }
        return RequestBody.of(scan.rewritten(d.route().model())).bytes();
    }

    private byte[] translated(Dispatch d) {
        Protocol upstreamProtocol = protocols.of(d.provider());
        ChatRequest sent = Translate.sent(d, d.exchange().request().outbound().get(), upstreamProtocol);
        return json.writeValueAsBytes(d.chain().body(upstreamProtocol.writeRequest(sent), d.route()));
    }

    private Explanation.UpstreamPreview preview(Dispatch d, byte[] body) {
        ProviderConfig provider = d.provider();
        boolean stream = d.exchange().request().stream();
        URI uri = endpoints.uri(provider, d.route().model(), stream);
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
