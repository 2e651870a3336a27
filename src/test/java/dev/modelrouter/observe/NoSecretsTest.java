package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No configured key and no prompt text reaches the request log or the Prometheus scrape. */
class NoSecretsTest {

    private static final List<String> KEYS = List.of("sk-ant-api03-SECRETSECRET", "sk-or-v1-0123456789abcdef");
    private static final String PROMPT = "please refactor the payment module";

    @TempDir
    Path dir;

    @Test
    void noConfiguredKeyOrPromptTextAppearsInTheLogOrTheMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Observer observer = new Observer(registry, RequestLog.in(dir), () -> true);
        // a user pasting a key into the conversation is the worst case: it must still not be logged
        ChatRequest request = ChatRequest.builder()
                .model("claude-sonnet-4-5")
                .system(List.of(Content.Text.of("You are a coding assistant. key=" + KEYS.get(0))))
                .addMessage(Message.of(Role.USER, PROMPT + " " + KEYS.get(1)))
                .build();
        Route main = new Route("anthropic", "claude-sonnet-4-5", Scenario.DEFAULT);
        Route backup = new Route("openrouter", "anthropic/claude-sonnet-4.5", Scenario.DEFAULT);

        RequestTrace trace = observer.start(Ingress.ANTHROPIC);
        trace.routed(Scenario.DEFAULT, request.model());
        trace.attempt(main);
        trace.retry(main);
        trace.fallback(main, backup);
        trace.served(backup, 200);
        trace.firstByte();
        trace.usage(new Usage(10, 20, 30, 40));
        trace.finish(Outcome.OK, 200);
        observer.start(Ingress.OPENAI).finish(Outcome.CLIENT_ERROR, 401);
        observer.close();

        String log = Files.readString(dir.resolve(RequestLog.FILE_NAME));
        String scrape = registry.scrape();
        assertThat(log).contains("openrouter,anthropic/claude-sonnet-4.5");
        assertThat(scrape).contains("router_requests_seconds_count");
        for (String output : List.of(log, scrape)) {
            for (String key : KEYS) {
                assertThat(output).doesNotContain(key).doesNotContain(key.substring(0, 12));
            }
            assertThat(output).doesNotContain(PROMPT).doesNotContain("coding assistant");
        }
    }

    @Test
    void aKeyTheClientSendsAsItsModelIsMaskedInTheRequestLogAndTheMeterTags() throws Exception {
        UnaryOperator<String> redact = text -> text.replace(KEYS.get(0), "***");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new RedactedTags(redact));
        Observer observer = new Observer(registry, RequestLog.in(dir, redact), () -> true);
        Route route = new Route("anthropic", KEYS.get(0), Scenario.DEFAULT);

        RequestTrace trace = observer.start(Ingress.ANTHROPIC);
        trace.routed(Scenario.DEFAULT, "anthropic," + KEYS.get(0));
        trace.attempt(route);
        trace.served(route, 401);
        trace.finish(Outcome.UPSTREAM_ERROR, 401);
        observer.close();

        String log = Files.readString(dir.resolve(RequestLog.FILE_NAME));
        String scrape = registry.scrape();
        assertThat(log).contains("\"requested_model\":\"anthropic,***\"", "\"served\":\"anthropic,***\"");
        assertThat(scrape).contains("model=\"***\"");
        assertThat(log + scrape).doesNotContain(KEYS.get(0));
    }
}
