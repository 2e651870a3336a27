package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.testing.NodeJs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs real scripts under the real node, which the machine and CI have; skipped without node. */
class ScriptRouterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<ScriptRouter> started = new ArrayList<>();

    @BeforeAll
    static void nodeIsInstalled() {
        NodeJs.assumeInstalled();
    }

    @AfterEach
    void closeRouters() {
        started.forEach(ScriptRouter::close);
    }

    private ScriptRouter start(String source, Duration timeout) throws IOException {
        Path script = dir.resolve("router.js");
        Files.writeString(script, source);
        ScriptRouter router =
                ScriptRouter.start(script, JSON.readTree("{\"Router\":{\"think\":\"p,think\"}}"), timeout);
        started.add(router);
        return router;
    }

    private static JsonNode body(String model) {
        return JSON.createObjectNode().put("model", model);
    }

    private static Mono<Optional<String>> ask(ScriptRouter router, String model) {
        return router.route(body(model), 10, null);
    }

    @Test
    void routesByBodyTokenCountSessionAndConfig() throws IOException {
        ScriptRouter router = start("""
                module.exports = async function router(req, config) {
                  if (req.body.model.includes('haiku')) return 'fast,small';
                  if (req.tokenCount > 1000) return 'big,long';
                  if (req.sessionId) return 'session,' + req.sessionId;
                  return config.Router.think;
                };
                """, WAIT);

        StepVerifier.create(ask(router, "claude-haiku"))
                .expectNext(Optional.of("fast,small"))
                .verifyComplete();
        StepVerifier.create(router.route(body("claude-sonnet"), 5000, null))
                .expectNext(Optional.of("big,long"))
                .verifyComplete();
        StepVerifier.create(router.route(body("claude-sonnet"), 5, "abc"))
                .expectNext(Optional.of("session,abc"))
                .verifyComplete();
        StepVerifier.create(ask(router, "claude-sonnet"))
                .expectNext(Optional.of("p,think"))
                .verifyComplete();
    }

    @Test
    void acceptsARouterExportedByNameAndAnAsyncAnswer() throws IOException {
        ScriptRouter router = start("""
                exports.router = (req) => new Promise((resolve) => setTimeout(() => resolve('late,' + req.body.model), 30));
                """, WAIT);

        StepVerifier.create(ask(router, "m")).expectNext(Optional.of("late,m")).verifyComplete();
    }

    @Test
    void nullMeansTheNormalRoutingDecides() throws IOException {
        ScriptRouter router = start("module.exports = async () => null;", WAIT);

        StepVerifier.create(ask(router, "m")).expectNext(Optional.empty()).verifyComplete();
    }

    @Test
    void aThrowingScriptAnswersEmptyAndKeepsWorking() throws IOException {
        ScriptRouter router = start("""
                module.exports = async (req) => {
                  if (req.body.model === 'bad') throw new Error('boom');
                  return 'ok,' + req.body.model;
                };
                """, WAIT);

        StepVerifier.create(ask(router, "bad")).expectNext(Optional.empty()).verifyComplete();
        StepVerifier.create(ask(router, "good"))
                .expectNext(Optional.of("ok,good"))
                .verifyComplete();
    }

    @Test
    void consoleOutputOfTheScriptDoesNotCorruptTheAnswers() throws IOException {
        ScriptRouter router = start("""
                console.log('{"id": 1, "model": "spoofed,model"}');
                module.exports = async (req) => {
                  console.log('{"id": 1, "model": "spoofed,model"}');
                  console.info('info'); console.warn('warn'); console.error('error');
                  process.stdout.write('raw\\n');
                  req.log.info('pino-style');
                  return 'real,' + req.body.model;
                };
                """, WAIT);

        StepVerifier.create(ask(router, "m")).expectNext(Optional.of("real,m")).verifyComplete();
        StepVerifier.create(ask(router, "n")).expectNext(Optional.of("real,n")).verifyComplete();
    }

    @Test
    void aSyntaxErrorFailsTheStartWithTheScriptAndTheCause() throws IOException {
        Path script = dir.resolve("broken.js");
        Files.writeString(script, "module.exports = async (req) => { return ;; }}\n");

        assertThatThrownBy(() -> ScriptRouter.start(script, JSON.createObjectNode(), WAIT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(script.toString())
                .hasMessageContaining("SyntaxError");
    }

    @Test
    void aMissingNodeFailsTheStartWithAHint() throws IOException {
        Path script = dir.resolve("router.js");
        Files.writeString(script, "module.exports = () => null;");

        assertThatThrownBy(() -> ScriptRouter.start(
                        script,
                        JSON.createObjectNode(),
                        WAIT,
                        dir.resolve("no-such-node").toString()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(script.toString())
                .hasMessageContaining("ROUTER_NODE");
    }

    @Test
    void aScriptThatNeverAnswersTimesOutEmpty() throws IOException {
        ScriptRouter router = start("module.exports = () => new Promise(() => {});", Duration.ofMillis(200));

        StepVerifier.create(ask(router, "m"))
                .expectNext(Optional.empty())
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aWedgedScriptIsStoppedAndRestarted() throws IOException {
        // answers only once it has been asked more than MAX_UNANSWERED times by the same process: never
        ScriptRouter router = start("""
                let asked = 0;
                module.exports = (req) => ++asked > 1000 ? 'p,' + process.pid : new Promise(() => {});
                """, Duration.ofMillis(30));
        long first = router.pid();

        // asked until node counts as wedged: the answer to the script's load, if a busy machine starts node
        // late, may come after the first timeouts and begin the count again
        Flux.range(0, ScriptProcess.MAX_UNANSWERED)
                .concatMap(i -> ask(router, "m"))
                .blockLast(WAIT);
        awaitUntil(() -> {
            if (router.pid() == first) {
                ask(router, "m").block(WAIT);
            }
            return router.pid() != first;
        });

        ask(router, "m").block(WAIT);
        assertThat(router.pid()).isPositive().isNotEqualTo(first);
    }

    @Test
    void concurrentCallsGetTheirOwnAnswers() throws IOException {
        ScriptRouter router = start("""
                module.exports = (req) => new Promise((resolve) =>
                  setTimeout(() => resolve('p,' + req.body.model), Math.floor(Math.random() * 20)));
                """, WAIT);

        List<Boolean> matches = Flux.range(0, 200)
                .flatMap(i -> ask(router, "m" + i).map(answer -> answer.equals(Optional.of("p,m" + i))), 200)
                .collectList()
                .block(WAIT);

        assertThat(matches).hasSize(200).containsOnly(true);
    }

    @Test
    void closeAnswersPendingCallsEmpty() throws IOException {
        Path asked = dir.resolve("asked.txt");
        // node notes each call it got, so the test closes only once all three are pending inside it
        ScriptRouter router = start("""
                const fs = require('fs');
                module.exports = () => { fs.appendFileSync(%s, 'x'); return new Promise(() => {}); };
                """.formatted(JSON.writeValueAsString(asked.toString())), WAIT);
        Mono<List<Optional<String>>> pending =
                Flux.range(0, 3).flatMap(i -> ask(router, "m")).collectList().cache();
        pending.subscribe();

        awaitUntil(() -> Files.exists(asked) && Files.readString(asked).length() == 3);
        router.close();

        StepVerifier.create(pending)
                .assertNext(answers ->
                        assertThat(answers).containsExactly(Optional.empty(), Optional.empty(), Optional.empty()))
                .expectComplete()
                .verify(Duration.ofSeconds(2));
        StepVerifier.create(ask(router, "m")).expectNext(Optional.empty()).verifyComplete();
    }

    @Test
    void aKilledProcessRestartsOnTheNextCall() throws Exception {
        ScriptRouter router = start("module.exports = (req) => 'p,' + process.pid;", WAIT);
        long first = router.pid();
        StepVerifier.create(ask(router, "m"))
                .expectNext(Optional.of("p," + first))
                .verifyComplete();

        ProcessHandle node = ProcessHandle.of(first).orElseThrow();
        node.destroyForcibly();
        node.onExit().get(5, TimeUnit.SECONDS);
        awaitUntil(() -> router.pid() == -1);

        Optional<String> answer = ask(router, "m").block(WAIT);
        assertThat(answer).isPresent().get().isNotEqualTo("p," + first);
        assertThat(router.pid()).isNotEqualTo(first).isPositive();
    }

    private static void awaitUntil(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(condition);
    }
}
