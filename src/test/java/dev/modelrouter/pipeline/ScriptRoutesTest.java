package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.plugin.ScriptTransformers;
import dev.modelrouter.testing.NodeJs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ScriptRoutesTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeIsInstalled() {
        NodeJs.assumeInstalled();
    }

    @Test
    void aFirstRequestWaitsForTheStartAndTheAnswerTogetherNoLongerThanTheTimeout() throws Exception {
        Path script = dir.resolve("slow-start.js");
        // loading takes 2 s and each answer 1.5 s: each fits in the 3 s budget (1 s and 1.5 s to spare on a
        // busy machine), both together (3.5 s) do not
        Files.writeString(script, """
                const until = Date.now() + 2000; while (Date.now() < until) {}
                module.exports = async function router(req, config) {
                  await new Promise(r => setTimeout(r, 1500));
                  return 'p,b';
                };
                """);
        RouterConfig config = ConfigLoader.parse(
                """
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                  "models": ["a", "b"]}], "Router": {"default": "p,a"},
                 "CUSTOM_ROUTER_PATH": "%s", "CUSTOM_ROUTER_TIMEOUT_MS": 3000}
                """.formatted(script.toString().replace("\\", "\\\\")), dir.resolve("config.json"), Map.of());
        var body = JsonMapper.builder().build().readTree("{\"model\":\"m\",\"messages\":[]}");
        try (NodeHost node = NodeHost.create();
                ScriptRoutes routes = new ScriptRoutes(node)) {
            long started = System.nanoTime();
            Optional<String> first =
                    routes.route(config, () -> body, () -> 1, null).block(Duration.ofSeconds(30));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            // a budget for the start and another for the answer would have waited for the answer, "p,b"
            assertThat(first).as("the start and the answer did not fit in 3 s").isEmpty();
            // bounded by start plus answer, which a second budget would wait for: 1.5 s to spare on a busy machine
            assertThat(waited)
                    .as("one budget, not one for the start and another for the answer")
                    .isLessThan(4_500);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> routes.status(config).state(), "running"::equals);
            assertThat(routes.route(config, () -> body, () -> 1, null).block(Duration.ofSeconds(30)))
                    .contains("p,b");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private RouterConfig config(@Nullable Path script) throws Exception {
        String custom = script == null
                ? ""
                : ", \"CUSTOM_ROUTER_PATH\": \"%s\", \"CUSTOM_ROUTER_TIMEOUT_MS\": 10000"
                        .formatted(script.toString().replace("\\", "\\\\"));
        return ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                  "models": ["a"]}], "Router": {"default": "p,a"}%s}
                """.formatted(custom), dir.resolve("config.json"), Map.of());
    }

    private static @Nullable Optional<String> ask(ScriptRoutes routes, RouterConfig config) {
        JsonNode body = JSON.readTree("{\"model\":\"m\",\"messages\":[]}");
        var answer = routes.route(config, () -> body, () -> 1, null);
        return answer == null ? null : answer.block(WAIT);
    }

    private static JsonNode transform(ScriptTransformers transformers) {
        ObjectNode request = JSON.createObjectNode().put("model", "m");
        return transformers
                .requestIn("c", request, JSON.createObjectNode().put("name", "p"))
                .block(WAIT)
                .body();
    }

    @Test
    void aConfigNamingAnotherScriptOrNoneLeavesNodeAndItsTransformersRunning() throws Exception {
        Path first = dir.resolve("first.js");
        Files.writeString(first, "module.exports = async () => 'p,first-' + process.pid;\n");
        Path second = dir.resolve("second.js");
        Files.writeString(second, "module.exports = async () => 'p,second-' + process.pid;\n");
        Path counter = dir.resolve("counter.js");
        Files.writeString(counter, """
                module.exports = class { name = 'counter'; count = 0;
                  transformRequestIn(r) { r.count = ++this.count; r.pid = process.pid; return r; } };
                """);
        try (NodeHost node = NodeHost.create();
                ScriptRoutes routes = new ScriptRoutes(node)) {
            ScriptTransformers transformers = ScriptTransformers.on(node, WAIT);
            transformers.load("c", counter, JSON.createObjectNode()).block(WAIT);
            JsonNode before = transform(transformers);
            long pid = before.path("pid").asLong();

            assertThat(ask(routes, config(first))).contains("p,first-" + pid);
            assertThat(ask(routes, config(second))).contains("p,second-" + pid);
            assertThat(ask(routes, config(null))).isNull();

            JsonNode after = transform(transformers);
            assertThat(after.path("pid").asLong()).isEqualTo(pid);
            assertThat(after.path("count").asInt())
                    .isEqualTo(before.path("count").asInt() + 1);
        }
    }
}
