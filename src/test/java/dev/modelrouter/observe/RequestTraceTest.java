package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestTraceTest {

    private static final Route MAIN = new Route("deepseek", "deepseek-chat", Scenario.DEFAULT);
    private static final Route BACKUP = new Route("openrouter", "gpt-5", Scenario.DEFAULT);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recordsTheRequestTimerWithEveryTag() {
        Traces t = new Traces(registry, null);
        RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
        trace.routed(Scenario.DEFAULT, "claude-sonnet-4-5");
        trace.attempt(MAIN);
        t.advanceMillis(5);
        trace.served(MAIN, 200);
        trace.firstByte();
        t.advanceMillis(20);
        trace.finish(Outcome.OK, 200);

        Timer timer = registry.get(RouterMetrics.REQUESTS)
                .tags(
                        "ingress",
                        "anthropic",
                        "provider",
                        "deepseek",
                        "model",
                        "deepseek-chat",
                        "scenario",
                        "default",
                        "outcome",
                        "ok")
                .timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(25.0);
        Timer ttft = registry.get(RouterMetrics.TTFT)
                .tags("ingress", "anthropic", "provider", "deepseek", "model", "deepseek-chat", "scenario", "default")
                .timer();
        assertThat(ttft.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5.0);
        assertThat(ttft.getId().getTag("outcome")).isNull();
    }

    @Test
    void countsTokensByType() {
        Traces t = new Traces(registry, null);
        RequestTrace trace = t.observer.start(WireProtocol.OPENAI);
        trace.routed(Scenario.THINK, "gpt");
        trace.served(MAIN, 200);
        trace.usage(new Usage(10, 20, 30, 40));
        trace.finish(Outcome.OK, 200);

        assertThat(tokens("input")).isEqualTo(10);
        assertThat(tokens("output")).isEqualTo(20);
        assertThat(tokens("cache_read")).isEqualTo(30);
        assertThat(tokens("cache_write")).isEqualTo(40);
    }

    @Test
    void countsAttemptsRetriesAndFallbacks() {
        Traces t = new Traces(registry, null);
        RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
        trace.routed(Scenario.DEFAULT, "claude");
        trace.attempt(MAIN);
        trace.retry(MAIN);
        trace.fallback(MAIN, BACKUP);
        trace.served(BACKUP, 200);
        trace.finish(Outcome.OK, 200);

        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "provider", "deepseek", "result", "error"))
                .isEqualTo(2);
        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "provider", "openrouter", "result", "ok"))
                .isEqualTo(1);
        assertThat(counter(RouterMetrics.UPSTREAM_RETRIES, "provider", "deepseek"))
                .isEqualTo(1);
        assertThat(counter(RouterMetrics.FALLBACKS, "provider", "deepseek", "model", "deepseek-chat"))
                .isEqualTo(1);
        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tag("provider", "openrouter")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void anOpenCallAtTheEndFailedUnlessTheClientCancelled() {
        Traces t = new Traces(registry, null);
        RequestTrace failed = t.observer.start(WireProtocol.ANTHROPIC);
        failed.attempt(MAIN);
        failed.finish(Outcome.UPSTREAM_ERROR, 502);
        RequestTrace cancelled = t.observer.start(WireProtocol.ANTHROPIC);
        cancelled.attempt(MAIN);
        cancelled.finish(Outcome.CANCELLED, 499);

        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "result", "error")).isEqualTo(1);
        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tag("outcome", "upstream_error")
                        .tag("provider", "deepseek")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tag("outcome", "cancelled")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRateLimitOrServerErrorIsAFailedCallButAClientErrorIsNot() {
        Traces t = new Traces(registry, null);
        RequestTrace a = t.observer.start(WireProtocol.ANTHROPIC);
        a.served(MAIN, 429);
        a.finish(Outcome.UPSTREAM_ERROR, 429);
        RequestTrace b = t.observer.start(WireProtocol.ANTHROPIC);
        b.served(MAIN, 400);
        b.finish(Outcome.CLIENT_ERROR, 400);

        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "result", "error")).isEqualTo(1);
        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "result", "ok")).isEqualTo(1);
    }

    @Test
    void onlyTheFirstFinishCounts() {
        Traces t = new Traces(registry, null);
        RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
        trace.served(MAIN, 200);
        trace.usage(new Usage(1, 2, 0, 0));
        trace.finish(Outcome.OK, 200);
        trace.finish(Outcome.CANCELLED, 499);
        trace.retry(MAIN);

        assertThat(trace.finished()).isTrue();
        assertThat(registry.get(RouterMetrics.REQUESTS).timers()).hasSize(1);
        assertThat(registry.get(RouterMetrics.REQUESTS).timer().count()).isEqualTo(1);
        assertThat(registry.find(RouterMetrics.UPSTREAM_RETRIES).counters()).isEmpty();
        assertThat(t.observer.usage())
                .singleElement()
                .satisfies(line -> assertThat(line.requests()).isEqualTo(1));
    }

    @Test
    void aRequestRefusedBeforeRoutingIsTaggedNone() {
        Traces t = new Traces(registry, null);
        t.observer.start(WireProtocol.OPENAI).finish(Outcome.CLIENT_ERROR, 400);

        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tags("provider", "none", "model", "none", "scenario", "none", "outcome", "client_error")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(t.observer.usage()).containsExactly(new UsageLedger.Line("none", "none", 1, 1, 0, 0, 0, 0));
    }

    @Test
    void theLedgerSumsRequestsErrorsAndTokensPerTarget() {
        Traces t = new Traces(registry, null);
        for (int i = 0; i < 3; i++) {
            RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
            trace.served(MAIN, 200);
            trace.usage(new Usage(100, 10, 5, 1));
            trace.finish(i == 2 ? Outcome.UPSTREAM_ERROR : Outcome.OK, 200);
        }
        RequestTrace other = t.observer.start(WireProtocol.ANTHROPIC);
        other.served(BACKUP, 200);
        other.finish(Outcome.CANCELLED, 499);

        assertThat(t.observer.usage())
                .containsExactly(
                        new UsageLedger.Line("deepseek", "deepseek-chat", 3, 1, 300, 30, 15, 3),
                        new UsageLedger.Line("openrouter", "gpt-5", 1, 0, 0, 0, 0, 0));
    }

    @Test
    void providerAndModelTagsAreCappedAndFoldIntoOther() {
        Traces t = new Traces(registry, null); // cap 3
        for (int i = 0; i < 10; i++) {
            RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
            trace.served(new Route("p" + i, "m" + i, Scenario.EXPLICIT), 200);
            trace.finish(Outcome.OK, 200);
        }
        RequestTrace huge = t.observer.start(WireProtocol.ANTHROPIC);
        huge.served(new Route("p0", "x".repeat(500), Scenario.EXPLICIT), 200);
        huge.finish(Outcome.OK, 200);

        assertThat(registry.get(RouterMetrics.REQUESTS).timers())
                .extracting(m -> m.getId().getTag("provider"))
                .containsOnly("p0", "p1", "p2", "other");
        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tag("provider", "other")
                        .timer()
                        .count())
                .isEqualTo(7);
        assertThat(registry.get(RouterMetrics.REQUESTS).tag("model", "other").timers().stream()
                        .mapToLong(Timer::count)
                        .sum())
                .isEqualTo(8);
    }

    @Test
    void writesOneLogLinePerRequest() throws Exception {
        RequestLog log = RequestLog.in(dir);
        Traces t = new Traces(registry, log);
        RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
        trace.routed(Scenario.LONG_CONTEXT, "claude-sonnet-4-5");
        trace.attempt(MAIN);
        trace.fallback(MAIN, BACKUP);
        t.advanceMillis(1.25);
        trace.served(BACKUP, 200);
        trace.firstByte();
        t.advanceMillis(10.5);
        trace.usage(new Usage(472, 89, 1000, 7));
        trace.finish(Outcome.OK, 200);
        RequestTrace refused = t.observer.start(WireProtocol.OPENAI);
        refused.finish(Outcome.CLIENT_ERROR, 400);
        t.observer.close();

        List<String> lines = Files.readAllLines(dir.resolve("requests.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(trace.id()).matches("[0-9a-f]{12}").isNotEqualTo(refused.id());
        assertThat(lines.get(0))
                .isEqualTo(
                        "{\"id\":\"" + trace.id()
                                + "\",\"time\":\"2026-01-02T03:04:05.678Z\",\"ingress\":\"anthropic\","
                                + "\"scenario\":\"longContext\",\"requested_model\":\"claude-sonnet-4-5\","
                                + "\"tried\":[\"deepseek,deepseek-chat\",\"openrouter,gpt-5\"],\"attempts\":2,"
                                + "\"served\":\"openrouter,gpt-5\",\"status\":200,\"outcome\":\"ok\",\"latency_ms\":11.750,"
                                + "\"ttft_ms\":1.250,\"tokens\":{\"input\":472,\"output\":89,\"cache_read\":1000,\"cache_write\":7}}");
        assertThat(lines.get(1))
                .contains(
                        "\"id\":\"" + refused.id() + "\"",
                        "\"scenario\":null",
                        "\"served\":null",
                        "\"ttft_ms\":null",
                        "\"outcome\":\"client_error\"",
                        "\"status\":400");
    }

    @Test
    void logFalseWritesNothing() {
        RequestLog log = RequestLog.in(dir.resolve("logs"));
        Observer observer = new Observer(registry, log, () -> false);
        RequestTrace trace = observer.start(WireProtocol.ANTHROPIC);
        trace.served(MAIN, 200);
        trace.finish(Outcome.OK, 200);
        observer.close();

        assertThat(dir.resolve("logs")).doesNotExist();
        assertThat(registry.get(RouterMetrics.REQUESTS).timer().count()).isEqualTo(1);
    }

    @Test
    void routesTheConfigDoesNotListShareTheModelTagOther() {
        Traces t = new Traces(registry, null);
        Route madeUp = new Route("deepseek", "made-up-model", Scenario.EXPLICIT);
        for (Route route : List.of(madeUp, MAIN)) {
            RequestTrace trace = t.observer.start(WireProtocol.ANTHROPIC);
            trace.routed(
                    route.scenario(),
                    "deepseek," + route.model(),
                    r -> r.model().equals(MAIN.model()));
            trace.attempt(route);
            trace.served(route, 200);
            trace.finish(Outcome.OK, 200);
        }

        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tags("model", "other")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(RouterMetrics.REQUESTS)
                        .tags("model", "deepseek-chat")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find(RouterMetrics.REQUESTS)
                        .tags("model", "made-up-model")
                        .timers())
                .isEmpty();
        assertThat(counter(RouterMetrics.UPSTREAM_ATTEMPTS, "model", "other")).isEqualTo(1);
        assertThat(t.observer.usage()).extracting(UsageLedger.Line::model).containsExactly("deepseek-chat", "other");
    }

    private double tokens(String type) {
        return registry.get(RouterMetrics.TOKENS)
                .tags("provider", "deepseek", "model", "deepseek-chat", "type", type)
                .counter()
                .count();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
