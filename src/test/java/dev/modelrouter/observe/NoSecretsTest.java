package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.pipeline.Inbound;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.Protocols;
import dev.modelrouter.pipeline.ProxyResponse;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import dev.modelrouter.transform.TransformerRegistry;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * No configured key and no prompt text reaches the request log, the Prometheus scrape, the usage
 * shown in status or the application log, when requests carrying them go through the real pipeline
 * to a provider whose answers and errors carry them back.
 */
class NoSecretsTest {

    private static final String ANTHROPIC_KEY = "sk-ant-api03-SECRETSECRET";
    private static final String OPENAI_KEY = "sk-or-v1-0123456789abcdef";
    private static final List<String> KEYS = List.of(ANTHROPIC_KEY, OPENAI_KEY);
    private static final String PROMPT = "please refactor the payment module";

    @TempDir
    Path dir;

    private final ScriptedUpstream upstream = new ScriptedUpstream();
    private final UpstreamClient client = new UpstreamClient(Duration.ofSeconds(10));
    private final ListAppender<ILoggingEvent> appLog = new ListAppender<>();
    private final Logger routerLogger = (Logger) LoggerFactory.getLogger("dev.modelrouter");
    private Level routerLevel;

    @BeforeEach
    void captureTheApplicationLog() {
        appLog.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appLog);
        // the router's own debug lines too: a key must not leak at any level
        routerLevel = routerLogger.getLevel();
        routerLogger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(appLog);
        routerLogger.setLevel(routerLevel);
        client.close();
        upstream.close();
    }

    private String config() {
        return """
                {"Providers": [
                   {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "%2$s",
                    "models": ["claude-up"], "transformer": {"use": ["anthropic"]}},
                   {"name": "oai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "%3$s",
                    "models": ["gpt-up"]}],
                 "Router": {"default": "anth,claude-up"},
                 "resilience": {"max_attempts": 1}}
                """.formatted(upstream.url(), ANTHROPIC_KEY, OPENAI_KEY);
    }

    private static final Inbound.Headers ANTHROPIC_HEADERS = new Inbound.Headers("2023-06-01", null, null);

    private Pipeline pipeline(Observer observer, Guards guards) throws Exception {
        LiveConfig live = new LiveConfig(ConfigLoader.parse(config(), dir.resolve("config.json"), Map.of()));
        return new Pipeline(
                live,
                new Pipeline.Routing(
                        new ScenarioRouter(),
                        List.of(),
                        new TokenCounter(),
                        new ProjectRouters(dir.resolve("home"), dir.resolve("claude"), Map.of(), Runnable::run),
                        NodeHost.create()),
                new Pipeline.Upstream(client, new ProviderEndpoint(), guards),
                new Pipeline.Codecs(
                        new Protocols(
                                new AnthropicProtocol(),
                                new OpenAiProtocol(),
                                new ResponsesProtocol(),
                                new GeminiProtocol()),
                        TransformerRegistry.withBuiltIns(),
                        JsonMapper.builder().build(),
                        DefaultDataBufferFactory.sharedInstance),
                observer);
    }

    /** The client's whole answer; reading it to the end is what finishes the request's trace. */
    private static String answer(Mono<ProxyResponse> exchange) {
        return exchange.flatMap(response -> response.body()
                        .map(buffer -> {
                            String text = buffer.toString(StandardCharsets.UTF_8);
                            DataBufferUtils.release(buffer);
                            return text;
                        })
                        .collectList()
                        .map(parts -> response.status() + " " + String.join("", parts)))
                .block(Duration.ofSeconds(20));
    }

    @Test
    void noConfiguredKeyOrPromptTextAppearsInTheLogsTheMetricsOrTheUsage() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Observer observer = new Observer(registry, RequestLog.in(dir), () -> true);
        Guards guards = new Guards();
        Pipeline pipeline = pipeline(observer, guards);
        // a user pasting a key into the conversation is the worst case: the provider echoes it in its answer
        upstream.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\","
                                + "\"content\":[{\"type\":\"text\",\"text\":\"you said: " + PROMPT + " " + OPENAI_KEY
                                + "\"}],"
                                + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                                + "\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}"),
                // providers name the rejected key in their error message
                Reply.json(
                        401,
                        "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY
                                + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"),
                Reply.json(
                        500,
                        "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"upstream saw "
                                + ANTHROPIC_KEY + "\"}}"));

        String served = answer(pipeline.serve(Inbound.anthropic(
                ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                                + "\"system\":\"You are a coding assistant. key=" + ANTHROPIC_KEY + "\","
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + " " + OPENAI_KEY
                                + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                ANTHROPIC_HEADERS)));
        String rejected =
                answer(pipeline.serve(Inbound.openAi(("{\"model\":\"oai,gpt-up\",\"messages\":[{\"role\":\"user\","
                                + "\"content\":\"" + PROMPT + " " + ANTHROPIC_KEY + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8))));
        String failed = answer(pipeline.serve(Inbound.anthropic(
                ("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}")
                        .getBytes(StandardCharsets.UTF_8),
                ANTHROPIC_HEADERS)));
        pipeline.close();
        observer.close();

        assertThat(served).startsWith("200 ").contains(PROMPT);
        assertThat(rejected).startsWith("401 ");
        assertThat(failed).startsWith("500 ");
        assertThat(upstream.received())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.bodyText()).contains(PROMPT));
        String requestLog = Files.readString(dir.resolve(RequestLog.FILE_NAME));
        String scrape = registry.scrape();
        String usage = observer.usage().toString();
        String lastErrors = guards.lastError("anth") + " " + guards.lastError("oai");
        List<String> appLines = new ArrayList<>();
        for (ILoggingEvent event : appLog.list) {
            appLines.add(event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : " " + event.getThrowableProxy().getMessage()));
        }
        String app = String.join("\n", appLines);
        // each place shows the three requests, so an empty or unfed output cannot pass
        assertThat(requestLog.lines()).hasSize(3);
        assertThat(requestLog).contains("\"served\":\"anth,claude-up\"", "\"status\":401", "\"status\":500");
        assertThat(scrape).contains("router_requests_seconds_count{", "outcome=\"ok\"", "router_tokens_total");
        assertThat(usage).contains("claude-up", "gpt-up");
        assertThat(lastErrors).contains("401", "500");
        assertThat(app).contains("oai,gpt-up failed (401)", "anth,claude-up failed (500)");
        for (String output : List.of(requestLog, scrape, usage, lastErrors, app)) {
            for (String key : KEYS) {
                assertThat(output).doesNotContain(key).doesNotContain(key.substring(0, 12));
            }
            assertThat(output).doesNotContain(PROMPT).doesNotContain("coding assistant");
        }
    }
}
