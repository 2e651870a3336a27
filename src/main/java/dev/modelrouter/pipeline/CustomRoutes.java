package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.RouteQuery;
import dev.modelrouter.routing.Router;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.ScriptAnswer;
import dev.modelrouter.routing.TraitsOf;
import dev.modelrouter.spi.RouteRule;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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

    private final Router router;
    private final ScriptRoutes scripts = new ScriptRoutes();

    CustomRoutes(ScenarioRouter router, List<RouteRule> rules) {
        this.router = new Router(router, rules);
    }

    /**
     * The exchange once the script (when the config names one) has answered; without a script it is
     * called at once, so requests pay nothing for the feature.
     */
    Mono<ProxyResponse> afterScript(RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount,
            @Nullable String session, Function<ScriptAnswer, Mono<ProxyResponse>> exchange) {
        return answer(config, body, tokenCount, session).flatMap(exchange);
    }

    /** The script's answer for one request; at once when the config names no script. */
    Mono<ScriptAnswer> answer(RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount,
            @Nullable String session) {
        Mono<Optional<String>> choice = scripts.route(config, body, tokenCount, session);
        if (choice == null) {
            return Mono.just(NO_SCRIPT);
        }
        String path = config.customRouter().map(String::valueOf).orElse("");
        return choice.map(t -> new ScriptAnswer.Answered(path, t.orElse(null)));
    }

    /**
     * The script's choice ({@code scripted}), else the first plugin route rule's, or {@code null} to let
     * the scenarios decide; see {@link Router#custom}.
     *
     * @param tokenCount the request's token count, the one the script was given (count it once)
     * @param session Claude Code's session id, or {@code null}
     */
    @Nullable RoutePlan plan(@Nullable String scripted, Supplier<ChatRequest> request, IntSupplier tokenCount,
            RouterConfig config, WireProtocol ingress, @Nullable String session) {
        ScriptAnswer answer = scripted == null ? NO_SCRIPT
                : new ScriptAnswer.Answered(config.customRouter().map(String::valueOf).orElse(""), scripted);
        // the traits are for the built-in rules, which this does not ask
        RouteQuery query = new RouteQuery(TraitsOf.of(request.get(), tokenCount), request, tokenCount, ingress,
                new RouteQuery.Session(session, () -> 0, false), answer, config);
        return router.custom(query);
    }

    /** The custom router script's path and state ({@code running}, or why not), or null without one. */
    @Nullable ScriptState scriptStatus(RouterConfig config) {
        return scripts.status(config);
    }

    @Override
    public void close() {
        scripts.close();
    }
}
