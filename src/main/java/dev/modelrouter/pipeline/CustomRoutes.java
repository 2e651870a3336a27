package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.routing.Router;
import dev.modelrouter.routing.ScriptAnswer;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The custom router script of config.json's {@code CUSTOM_ROUTER_PATH}, asked before the {@link Router}
 * decides (the script runs in another process, so its answer is the one asynchronous routing input).
 */
final class CustomRoutes implements AutoCloseable {

    private static final ScriptAnswer NO_SCRIPT = new ScriptAnswer.None();

    private final ScriptRoutes scripts;

    /** @param node the daemon's node, which the script is loaded into */
    CustomRoutes(NodeHost node) {
        this.scripts = new ScriptRoutes(node);
    }

    /**
     * The script's answer for one request; at once when the config names no script, so requests pay
     * nothing for the feature.
     */
    Mono<ScriptAnswer> answer(
            RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount, @Nullable String session) {
        Mono<Optional<String>> choice = scripts.route(config, body, tokenCount, session);
        if (choice == null) {
            return Mono.just(NO_SCRIPT);
        }
        String path = config.customRouter().map(String::valueOf).orElse("");
        return choice.map(t -> new ScriptAnswer.Answered(path, t.orElse(null)));
    }

    /** The custom router script's path and state ({@code running}, or why not), or null without one. */
    @Nullable
    ScriptState scriptStatus(RouterConfig config) {
        return scripts.status(config);
    }

    @Override
    public void close() {
        scripts.close();
    }
}
