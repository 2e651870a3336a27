package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.plugin.ScriptTransformer;
import dev.modelrouter.plugin.ScriptTransformers;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.upstream.UpstreamReply;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where claude-code-router's JavaScript transformers act, as in ccr: {@code transformRequestIn} on the
 * unified (OpenAI-shaped) body just before it is sent, which may also change the URL and headers, and
 * {@code transformResponseOut}, in reverse order, on a successful answer before it is decoded. A chain
 * without scripts costs one scan of its members.
 */
final class ScriptHooks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The provider's own auth headers, dropped when a script sets its own (ccr adds its Bearer only then). */
    private static final Set<String> AUTH = Set.of("authorization", "x-api-key", "x-goog-api-key");

    private ScriptHooks() {}

    /** Sends {@code call} through {@code send}, with the chain's scripts applied around it. */
    static Mono<UpstreamReply> send(
            TransformerChain chain,
            ProviderConfig provider,
            UpstreamCall call,
            Function<UpstreamCall, Mono<UpstreamReply>> send) {
        List<ScriptTransformer> scripts = new ArrayList<>();
        for (Transformer t : chain.transformers()) {
            if (t instanceof ScriptTransformer script) {
                scripts.add(script);
            }
        }
        if (scripts.isEmpty()) {
            return send.apply(call);
        }
        ObjectNode body;
        try {
            body = (ObjectNode) JSON.readTree(call.body());
        } catch (JacksonException | ClassCastException e) {
            return send.apply(call);
        }
        Mono<Sent> out = Mono.just(new Sent(body, call.uri(), new LinkedHashMap<>(call.headers())));
        ObjectNode described = describe(provider);
        for (ScriptTransformer script : scripts) {
            out = out.flatMap(sent -> script.requestIn(sent.body(), described).map(r -> sent.with(r)));
        }
        return out.flatMap(sent -> send.apply(new UpstreamCall(
                        sent.uri(),
                        sent.headers(),
                        JSON.writeValueAsBytes(sent.body()),
                        () -> ProviderEndpoint.describe(provider, sent.uri()))))
                .flatMap(reply -> {
                    // asked only now: a script that failed to load may have loaded during the request
                    List<ScriptTransformer> answering = new ArrayList<>();
                    for (int i = scripts.size() - 1; i >= 0; i--) {
                        if (scripts.get(i).rewritesResponses()) {
                            answering.add(scripts.get(i));
                        }
                    }
                    // as in ccr, an error answer reaches no transformResponseOut
                    return !reply.ok() || answering.isEmpty() ? Mono.just(reply) : answered(answering, reply);
                });
    }

    private record Sent(ObjectNode body, URI uri, Map<String, String> headers) {
        Sent with(ScriptTransformers.Request request) {
            Map<String, String> headers = new LinkedHashMap<>(this.headers);
            boolean ownAuth =
                    request.headers().keySet().stream().anyMatch(k -> AUTH.contains(k.toLowerCase(Locale.ROOT)));
            headers.keySet()
                    .removeIf(k -> request.headers().keySet().stream().anyMatch(k::equalsIgnoreCase)
                            || (ownAuth && AUTH.contains(k.toLowerCase(Locale.ROOT))));
            request.headers().forEach((k, v) -> {
                if (v != null) {
                    headers.put(k, v);
                }
            });
            URI target = uri;
            if (request.url() != null) {
                try {
                    target = URI.create(request.url());
                } catch (IllegalArgumentException e) {
                    throw new RouterException(
                            ErrorKind.BAD_GATEWAY, "a JS transformer set an invalid url: " + request.url());
                }
            }
            return new Sent(request.body(), target, headers);
        }
    }

    private static Mono<UpstreamReply> answered(List<ScriptTransformer> scripts, UpstreamReply reply) {
        Flux<byte[]> bytes = reply.body().map(buffer -> {
            byte[] out = new byte[buffer.readableByteCount()];
            buffer.read(out);
            DataBufferUtils.release(buffer);
            return out;
        });
        return ScriptTransformer.responseOut(scripts, reply.status(), reply.headers(), bytes)
                .map(r -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    r.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                    Flux<DataBuffer> body = r.body().map(DefaultDataBufferFactory.sharedInstance::wrap);
                    return new UpstreamReply(r.status(), headers, body);
                });
    }

    /** ccr's provider object as transformers see it: {@code name}, {@code baseUrl}, {@code apiKey}, {@code models}. */
    private static ObjectNode describe(ProviderConfig provider) {
        ObjectNode out = JSON.createObjectNode()
                .put("name", provider.name())
                .put("baseUrl", provider.apiBaseUrl().toString())
                .put(
                        "apiKey",
                        provider.apiKeys().isEmpty() ? "" : provider.apiKeys().get(0));
        provider.models().forEach(out.putArray("models")::add);
        out.set("transformer", provider.transformer());
        return out;
    }
}
