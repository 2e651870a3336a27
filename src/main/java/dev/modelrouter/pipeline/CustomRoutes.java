package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.ScenarioRouter;
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
 * Targets chosen by the user's code ahead of the built-in scenarios: the custom router script of
 * config.json's {@code CUSTOM_ROUTER_PATH} first, as in claude-code-router, then the plugins' route rules.
 */
final class CustomRoutes implements AutoCloseable {

    private final ScenarioRouter router;
    private final List<RouteRule> rules;
    private final ScriptRoutes scripts = new ScriptRoutes();

    CustomRoutes(ScenarioRouter router, List<RouteRule> rules) {
        this.router = router;
        this.rules = List.copyOf(rules);
    }

    /**
     * The exchange once the script (when the config names one) has answered; without a script it is
     * called at once, so requests pay nothing for the feature.
     */
    Mono<ProxyResponse> afterScript(RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount,
            @Nullable String session, Function<@Nullable String, Mono<ProxyResponse>> exchange) {
        Mono<Optional<String>> choice = scripts.route(config, body, tokenCount, session);
        return choice == null ? exchange.apply(null) : choice.flatMap(t -> exchange.apply(t.orElse(null)));
    }

    /**
     * The script's choice, else the first plugin route rule's, or {@code null} to let the scenarios
     * decide. A script naming a provider or model config.json does not have fails the request with that
     * message, as in ccr, where the request then reaches no provider.
     *
     * @param tokenCount the request's token count, the one the script was given (count it once)
     * @param session Claude Code's session id, or {@code null}
     */
    @Nullable RoutePlan plan(@Nullable String scripted, Supplier<ChatRequest> request, IntSupplier tokenCount,
            RouterConfig config, String ingress, @Nullable String session) {
        if (scripted != null) {
            try {
                RoutePlan plan = router.named(scripted, Scenario.CUSTOM, config);
                if (plan != null) {
                    return plan;
                }
            } catch (RouterException e) {
                // as an explicit `provider,model` would be: the script's bug is the client's error to see
                throw new RouterException(e.kind(), e.status(),
                        "the custom router (CUSTOM_ROUTER_PATH) chose " + e.getMessage(), null, e);
            }
        }
        if (rules.isEmpty()) {
            return null;
        }
        ChatRequest decoded = request.get();
        RouteRule.RouteContext context = new RouteRule.RouteContext(tokenCount.getAsInt(), Optional.ofNullable(session), ingress);
        for (RouteRule rule : rules) {
            Optional<String> target = rule.route(decoded, context);
            if (target.isPresent()) {
                RoutePlan plan = router.named(target.get(), Scenario.CUSTOM, config);
                if (plan != null) {
                    return plan;
                }
            }
        }
        return null;
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
