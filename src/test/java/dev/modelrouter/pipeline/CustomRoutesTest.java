package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.spi.RouteRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CustomRoutesTest {

    @Test
    void routeRulesAreToldTheTokenCountSessionAndClientProtocol() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                  "models": ["a", "b"]}], "Router": {"default": "p,a"}}
                """, Path.of("config.json"), Map.of());
        List<RouteRule.RouteContext> seen = new ArrayList<>();
        RouteRule rule = (request, context) -> {
            seen.add(context);
            return Optional.of("p,b");
        };
        try (CustomRoutes routes = new CustomRoutes(new ScenarioRouter(), List.of(rule))) {
            ChatRequest request = ChatRequest.builder().model("claude-sonnet-4-5").build();
            RoutePlan plan = routes.plan(null, () -> request, () -> 1234, config, WireProtocol.ANTHROPIC, "sess-1");
            routes.plan(null, () -> request, () -> 5, config, WireProtocol.OPENAI, null);

            assertThat(plan.primary().header()).isEqualTo("custom p,b");
        }
        assertThat(seen).containsExactly(
                new RouteRule.RouteContext(1234, Optional.of("sess-1"), "anthropic"),
                new RouteRule.RouteContext(5, Optional.empty(), "openai"));
    }
}
