package dev.modelrouter.plugin;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.spi.Transformer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * A claude-code-router JavaScript transformer in a provider's chain. Its hooks work on the wire (the
 * unified OpenAI-shaped body before it is sent, the provider's response before it is decoded), so the
 * canonical hooks of {@link Transformer} leave everything alone and the pipeline calls
 * {@link #requestIn} and {@link #responseOut} around the upstream call instead.
 */
public final class ScriptTransformer implements Transformer {

    private final ScriptTransformers host;
    private final String key;
    private final ScriptSource source;
    private volatile List<String> hooks;
    private volatile @Nullable String problem;

    ScriptTransformer(
            ScriptTransformers host, String key, ScriptSource source, List<String> hooks, @Nullable String problem) {
        this.host = host;
        this.key = key;
        this.source = source;
        this.hooks = List.copyOf(hooks);
        this.problem = problem;
    }

    /** The key the script is loaded under in its host. */
    String key() {
        return key;
    }

    /** The script file, for messages. */
    public String file() {
        return source.file().toString();
    }

    /**
     * ccr's {@code transformRequestIn}; a script that failed to load is loaded again first, so a fixed
     * file works without a restart.
     */
    public Mono<ScriptTransformers.Request> requestIn(ObjectNode body, ObjectNode provider) {
        return loaded().then(Mono.defer(() -> hooks.contains("transformRequestIn")
                ? host.requestIn(key, body, provider)
                : Mono.just(new ScriptTransformers.Request(body, null, Map.of()))));
    }

    /** Whether the script has a {@code transformResponseOut} hook. */
    public boolean rewritesResponses() {
        return hooks.contains("transformResponseOut");
    }

    /**
     * ccr's {@code transformResponseOut} of {@code chain} (in that order) on one upstream response.
     *
     * @param chain scripts of one host, the one closest to the provider first
     */
    public static Mono<ScriptTransformers.Reply> responseOut(
            List<ScriptTransformer> chain, int status, Map<String, String> headers, Flux<byte[]> body) {
        return chain.get(0).host.responseOut(chain.stream().map(t -> t.key).toList(), status, headers, body);
    }

    private Mono<Void> loaded() {
        if (problem == null) {
            return Mono.empty();
        }
        return host.load(key, source.file(), source.options())
                .doOnNext(l -> {
                    hooks = l.hooks();
                    problem = null;
                })
                .onErrorMap(e -> new RouterException(ErrorKind.BAD_GATEWAY, String.valueOf(e.getMessage())))
                .then();
    }

    @Override
    public String toString() {
        return "ScriptTransformer[" + source.file() + "]";
    }
}
