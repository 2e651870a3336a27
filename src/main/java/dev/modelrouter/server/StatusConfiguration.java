package dev.modelrouter.server;

import dev.modelrouter.cluster.Cluster;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.observe.UsageLedger;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.ScriptState;
import dev.modelrouter.upstream.Guards;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What each part of the daemon adds to {@code GET /api/status} and {@code router status}. */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    /** Whether this instance shares state, and which circuits other instances opened, in {@code GET /api/status}. */
    @Bean
    StatusContributor clusterStatus(ClusterMode mode) {
        return (status, config) -> {
            Cluster cluster = mode.clusterSwitch().current();
            if (cluster != null) {
                cluster.describe(status);
            }
        };
    }

    /** With {@code ClientKeys}: each client key's requests, refusals and tokens since start in {@code GET /api/status}. */
    @Bean
    StatusContributor clientKeysStatus(Pipeline pipeline) {
        return (status, config) -> {
            if (pipeline.clients().guards(config)) {
                pipeline.clients().describe(status, config);
            }
        };
    }

    /** Circuit states and each provider's last error in {@code GET /api/status}. */
    @Bean
    StatusContributor resilienceStatus(Guards guards) {
        return (status, config) -> {
            ObjectNode circuits = status.putObject("circuits");
            guards.states().forEach(circuits::put);
            for (JsonNode p : status.path("providers")) {
                if (p instanceof ObjectNode provider) {
                    String error = guards.lastError(provider.path("name").asString(""));
                    if (error != null) {
                        provider.put("lastError", error);
                    }
                }
            }
        };
    }

    /** Each listed model's limits, and the window Claude Code should compact against, in {@code GET /api/status}. */
    @Bean
    StatusContributor modelLimitsStatus(ModelWindows windows) {
        return new ModelLimitsStatus(windows);
    }

    /** Who watches the live feed and what it dropped, in {@code GET /api/status}. */
    @Bean
    StatusContributor liveFeedStatus(Observer observer) {
        return (status, config) -> status.putObject("liveFeed")
                .put("subscribers", observer.feed().subscribers())
                .put("dropped", observer.feed().dropped());
    }

    /**
     * The custom router script ({@code CUSTOM_ROUTER_PATH}) and whether it runs, and the projects with
     * routes of their own, in {@code GET /api/status}.
     */
    @Bean
    StatusContributor customRouterStatus(Pipeline pipeline) {
        return (status, config) -> {
            ScriptState script = pipeline.customRouter(config);
            if (script != null) {
                status.putObject("customRouter").put("path", script.path()).put("state", script.state());
            }
            List<String> projects = pipeline.projectRoutes();
            if (!projects.isEmpty()) {
                projects.forEach(status.putArray("projectRoutes")::add);
            }
        };
    }

    /** Usage per provider and model in {@code GET /api/status}. */
    @Bean
    StatusContributor usageStatus(Observer observer) {
        return (status, config) -> {
            ArrayNode usage = status.putArray("usage");
            for (UsageLedger.Line line : observer.usage()) {
                usage.addObject()
                        .put("provider", line.provider())
                        .put("model", line.model())
                        .put("requests", line.requests())
                        .put("errors", line.errors())
                        .put("input", line.input())
                        .put("output", line.output())
                        .put("cacheRead", line.cacheRead())
                        .put("cacheWrite", line.cacheWrite());
            }
        };
    }
}
