package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The custom router script and the JS transformers run in the daemon's one node process: both see the
 * same {@code process.pid}; an edited router script takes effect without restarting node, so a
 * transformer's in-memory state lives on; and a killed node comes back with both loaded again. The router
 * names its version and pid in the model it picks; the transformer counts its calls in its instance and
 * sends the count and its pid as headers, which the scripted upstream records.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SharedNodeIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final Path ROUTER = HOME.resolve("router.js");
    /** JS transformers load only from the home's plugins folder. */
    static final Path COUNTER_FILE = HOME.resolve("plugins").resolve("counter.js");

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String COUNTER = """
            module.exports = class Counter {
              constructor() { this.name = 'counter'; this.count = 0; }
              async transformRequestIn(request) {
                this.count++;
                return { body: request, config: { headers: { 'x-count': String(this.count), 'x-pid': String(process.pid) } } };
              }
            };
            """;

    @LocalServerPort
    int port;

    WebTestClient client;

    /** A router script that picks {@code p,<version>-<pid>}. */
    static String router(String version) {
        return "module.exports = async function router(req, config) { return 'p,%s-' + process.pid; };\n"
                .formatted(version);
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(ROUTER, router("v1"));
        Files.createDirectories(COUNTER_FILE.getParent());
        Files.writeString(COUNTER_FILE, COUNTER);
        Files.writeString(HOME.resolve("config.json"), """
                {
                  "transformers": [{"path": "%s"}],
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/v1/chat/completions", "api_key": "sk-p", "models": ["m"],
                     "transformer": {"use": ["counter"]}}
                  ],
                  "Router": {"default": "p,m"},
                  "CUSTOM_ROUTER_PATH": "%s"
                }
                """.formatted(COUNTER_FILE, UPSTREAM.url(), ROUTER));
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> HOME.resolve("config.json").toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        NodeJs.assumeInstalled();
        client = LocalRouter.adminClient(port, HOME);
        UPSTREAM.otherwise(r -> Reply.chatHi());
    }

    /**
     * What the upstream saw of one turn: the model the router picked (its pid, or -1 when the router gave
     * no answer and the default {@code m} served), and the transformer's headers.
     */
    record Seen(String model, long routerPid, long transformerPid, int count) {
        static Seen of(ScriptedUpstream.Received received) {
            String model = JSON.readTree(received.bodyText()).path("model").asString();
            int dash = model.lastIndexOf('-');
            return new Seen(
                    model,
                    dash > 0 ? Long.parseLong(model.substring(dash + 1)) : -1,
                    Long.parseLong(received.headers().get("x-pid")),
                    Integer.parseInt(received.headers().get("x-count")));
        }
    }

    /** One Claude Code turn; null when it did not reach the upstream as router and transformer shaped it. */
    private @Nullable Seen turn() {
        int before = UPSTREAM.received().size();
        int status = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
        if (status != 200 || UPSTREAM.received().size() != before + 1) {
            return null;
        }
        ScriptedUpstream.Received last = UPSTREAM.last();
        return last.headers().containsKey("x-pid") ? Seen.of(last) : null;
    }

    private static Seen await(Callable<@Nullable Seen> turn, Predicate<Seen> until) {
        AtomicReference<@Nullable Seen> seen = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Seen one = turn.call();
                    seen.set(one);
                    return one != null && until.test(one);
                });
        return seen.get();
    }

    @Test
    void theRouterScriptAndTheTransformersRunInOneNodeProcess() {
        Seen seen = await(this::turn, s -> s.routerPid() > 0);

        assertThat(seen.routerPid()).isPositive().isEqualTo(seen.transformerPid());
    }

    @Test
    void anEditedRouterScriptTakesEffectWithoutRestartingNodeSoTransformerStateLivesOn() throws IOException {
        Seen before = await(this::turn, s -> s.routerPid() > 0);
        String version = "v" + UUID.randomUUID().toString().substring(0, 8);

        Files.writeString(ROUTER, router(version));
        List<Seen> after = new ArrayList<>();
        Seen edited = await(
                () -> {
                    Seen one = turn();
                    if (one != null) {
                        after.add(one);
                    }
                    return one;
                },
                s -> s.model().startsWith(version + "-"));

        assertThat(edited.routerPid()).isEqualTo(before.routerPid()).isEqualTo(edited.transformerPid());
        // one node all along: the counter went on from where it was, one per turn, never from 1 again
        List<Integer> counts = after.stream().map(Seen::count).toList();
        assertThat(counts).first().isEqualTo(before.count() + 1);
        for (int i = 1; i < counts.size(); i++) {
            assertThat(counts.get(i)).isEqualTo(counts.get(i - 1) + 1);
        }
    }

    @Test
    void aKilledNodeComesBackWithTheRouterScriptAndTheTransformersLoaded() throws Exception {
        Seen before = await(this::turn, s -> s.routerPid() > 0);
        ProcessHandle node = ProcessHandle.of(before.routerPid()).orElseThrow();

        node.destroyForcibly();
        node.onExit().get(10, TimeUnit.SECONDS);
        Seen after = await(this::turn, s -> s.routerPid() > 0 && s.routerPid() != before.routerPid());

        assertThat(after.routerPid()).isPositive().isEqualTo(after.transformerPid());
        assertThat(ProcessHandle.of(after.routerPid())).isPresent();
    }
}
