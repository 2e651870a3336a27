package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.testing.NodeJs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A router script and JS transformers in one node host, under the real node; skipped without node. */
class NodeHostTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    // counts its calls in the instance, and says in which process it runs
    static final String COUNTER = """
            module.exports = class { name = 'counter'; count = 0;
              transformRequestIn(r) { r.count = ++this.count; r.pid = process.pid; return r; } };
            """;

    @TempDir
    Path dir;

    private final NodeHost host = NodeHost.create();
    private final ScriptTransformers transformers = ScriptTransformers.on(host, WAIT);

    @BeforeAll
    static void nodeIsInstalled() {
        NodeJs.assumeInstalled();
    }

    @AfterEach
    void stop() {
        transformers.close();
        host.close();
    }

    private Path write(String name, String source) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, source);
        return file;
    }

    private static String router(String version) {
        return "module.exports = async () => '" + version + ",' + process.pid;\n";
    }

    private ScriptRouter load(Path script) throws IOException {
        return ScriptRouter.load(host, script, JSON.createObjectNode(), WAIT);
    }

    private static String ask(ScriptRouter router) {
        return router.route(JSON.createObjectNode().put("model", "m"), 1, null)
                .block(WAIT)
                .orElse("");
    }

    private JsonNode transform() {
        ObjectNode request = JSON.createObjectNode().put("model", "m");
        request.putArray("messages");
        return transformers
                .requestIn("c", request, JSON.createObjectNode().put("name", "p"))
                .block(WAIT)
                .body();
    }

    @Test
    void aRouterScriptAndATransformerRunInOneProcess() throws IOException {
        ScriptRouter router = load(write("router.js", router("v1")));
        transformers
                .load("c", write("counter.js", COUNTER), JSON.createObjectNode())
                .block(WAIT);

        assertThat(ask(router)).isEqualTo("v1," + host.pid());
        assertThat(transform().path("pid").asLong()).isEqualTo(host.pid());
    }

    @Test
    void aRouterScriptLoadedAgainRunsItsNewTextInTheSameNodeAndTransformersKeepTheirState() throws IOException {
        Path script = write("router.js", router("v1"));
        ScriptRouter first = load(script);
        transformers
                .load("c", write("counter.js", COUNTER), JSON.createObjectNode())
                .block(WAIT);
        assertThat(transform().path("count").asInt()).isEqualTo(1);
        long pid = host.pid();

        Files.writeString(script, router("v2"));
        ScriptRouter second = load(script);
        first.close();

        assertThat(ask(second)).isEqualTo("v2," + pid);
        assertThat(host.pid()).isEqualTo(pid);
        assertThat(transform().path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aRouterScriptThatFailsToLoadNamesItsFileAndLeavesNodeAndTheTransformersRunning() throws IOException {
        transformers
                .load("c", write("counter.js", COUNTER), JSON.createObjectNode())
                .block(WAIT);
        assertThat(transform().path("count").asInt()).isEqualTo(1);
        long pid = host.pid();
        Path broken = write("broken.js", "module.exports = async (req) => { return ;; }}\n");

        assertThatThrownBy(() -> load(broken))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(broken.toString())
                .hasMessageContaining("SyntaxError");

        assertThat(host.pid()).isEqualTo(pid);
        assertThat(transform().path("count").asInt()).isEqualTo(2);
    }

    @Test
    void aKilledNodeRestartsWithTheRouterScriptAndTheTransformersLoadedAgain() throws Exception {
        ScriptRouter router = load(write("router.js", router("v1")));
        transformers
                .load("c", write("counter.js", COUNTER), JSON.createObjectNode())
                .block(WAIT);
        transform();
        long first = host.pid();

        ProcessHandle node = ProcessHandle.of(first).orElseThrow();
        node.destroyForcibly();
        node.onExit().get(10, TimeUnit.SECONDS);
        Awaitility.await().atMost(WAIT).until(() -> host.pid() == -1);

        Optional<String> answer =
                router.route(JSON.createObjectNode().put("model", "m"), 1, null).block(WAIT);
        assertThat(answer).contains("v1," + host.pid());
        assertThat(host.pid()).isPositive().isNotEqualTo(first);
        JsonNode transformed = transform();
        assertThat(transformed.path("pid").asLong()).isEqualTo(host.pid());
        assertThat(transformed.path("count").asInt()).as("a fresh instance").isEqualTo(1);
    }
}
