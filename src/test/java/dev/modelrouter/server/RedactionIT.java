package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Received;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A provider that repeats the key in its 401 (as real ones do: "invalid x-api-key: sk-...") gets it
 * into no answer, log line, status, request log or scrape; and a client's newline forges no log line.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class RedactionIT {

    static final String ANTHROPIC_KEY = "sk-ant-redact-SECRET-0001";
    static final List<String> LIST_KEYS = List.of("sk-list-SECRET-0002", "sk-list-SECRET-0003");
    static final String GEMINI_QUERY_KEY = "AIzaGEMINI-SECRET-0004";
    static final String GEMINI_HEADER_KEY = "gem-header-SECRET-0005";
    static final List<String> ALL_KEYS =
            List.of(ANTHROPIC_KEY, LIST_KEYS.get(0), LIST_KEYS.get(1), GEMINI_QUERY_KEY, GEMINI_HEADER_KEY);

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream().otherwise(RedactionIT::rejectRepeatingTheKey);
    static Path home;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        try {
            home = Files.createTempDirectory("router-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String json = """
                {"Providers": [
                  {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "%2$s",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}},
                  {"name": "keys", "api_base_url": "%1$s/v1/chat/completions", "api_key": ["%3$s", "%4$s"],
                   "models": ["gpt-up"]},
                  {"name": "gem", "api_base_url": "%1$s/v1beta/?key=%5$s", "api_key": "%6$s",
                   "models": ["gemini-up"], "transformer": {"use": ["gemini"]}}],
                 "Router": {"default": "anth,claude-up"}}
                """.formatted(
                UPSTREAM.url(), ANTHROPIC_KEY, LIST_KEYS.get(0), LIST_KEYS.get(1), GEMINI_QUERY_KEY, GEMINI_HEADER_KEY);
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    /** A 401 in a shape every protocol reader takes, repeating the key and the URL it was sent to. */
    static Reply rejectRepeatingTheKey(Received r) {
        String key = r.headers()
                .getOrDefault(
                        "x-api-key",
                        r.headers().getOrDefault("x-goog-api-key", r.headers().getOrDefault("authorization", "")));
        String message = "invalid api key: " + key + " (sent to " + r.uri() + ")";
        return Reply.json(
                401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"code\":401,"
                        + "\"status\":\"UNAUTHENTICATED\",\"message\":\"" + message + "\"}}");
    }

    @Test
    void anUpstream401RepeatingTheKeyReachesNoAnswerLogLineOrStatus(CapturedOutput output) {
        WebTestClient client = LocalRouter.client(port);
        String anthropic = post(client, "/v1/messages", "anth,claude-up");
        String openAiFirst = post(client, "/v1/chat/completions", "keys,gpt-up");
        String openAiSecond = post(client, "/v1/chat/completions", "keys,gpt-up");
        String gemini = post(client, "/v1/chat/completions", "gem,gemini-up");
        String status = admin(client, "/api/status");

        // the upstream did repeat each key, so each answer had one to leak
        String echoed = String.join(
                "\n",
                UPSTREAM.received().stream()
                        .map(RedactionIT::rejectRepeatingTheKey)
                        .map(reply -> reply.chunks().get(0))
                        .toList());
        assertThat(echoed).contains(ALL_KEYS);
        assertThat(anthropic).contains("invalid api key", "***");
        assertThat(openAiFirst + openAiSecond + gemini).contains("invalid api key", "***");
        assertThat(status).contains("\"lastError\":\"", "invalid api key");
        assertThat(output.getOut()).contains("failed (401)");
        for (String text : List.of(anthropic, openAiFirst, openAiSecond, gemini, status, output.getAll())) {
            assertThat(text).doesNotContain(ALL_KEYS);
        }
    }

    @Test
    void aKeyInTheModelNameReachesNoLogLineStatusRequestLogOrScrape(CapturedOutput output) throws Exception {
        WebTestClient client = LocalRouter.client(port);
        post(client, "/v1/messages", "anth," + ANTHROPIC_KEY);

        Path log = home.resolve("logs").resolve("requests.jsonl");
        // another test's line may be there already: wait for this request's own, masked or not
        await(() -> readOrEmpty(log).contains("\"requested_model\":\"anth,***\"")
                || readOrEmpty(log).contains(ANTHROPIC_KEY));
        String scrape = admin(client, "/actuator/prometheus");
        String status = admin(client, "/api/status");

        assertThat(readOrEmpty(log))
                .contains("\"requested_model\":\"anth,***\"")
                .doesNotContain(ALL_KEYS);
        assertThat(scrape).contains("router_requests_seconds_count{").doesNotContain(ALL_KEYS);
        // the model names a circuit breaker and a usage line
        assertThat(status).contains("\"anth,***\"").doesNotContain(ALL_KEYS);
        assertThat(output.getAll()).contains("anth,*** failed (401)").doesNotContain(ALL_KEYS);
    }

    @Test
    void aModelNameWithANewlineIsOneEscapedLogLine(CapturedOutput output) {
        String forged = "2031-01-01T00:00:00.000Z  INFO 1 --- [main] FORGED : the key was rotated";
        String answer = post(LocalRouter.client(port), "/v1/messages", "anth,up\\r\\n" + forged);

        // Such a name is refused before any upstream call (ModelNamesIT); whatever is logged about it
        // stays one line. LogLinesTest pins the escaping itself for values that do reach a log line.
        assertThat(answer).contains("invalid_request_error").doesNotContain("FORGED");
        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith("2031-01-01"));
    }

    /** Posts a one-message request for {@code model} and returns the answer's body, whatever its status. */
    private static String post(WebTestClient client, String uri, String model) {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
        return client.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** An admin API or metrics GET; the one place such calls are made, for when they need a credential. */
    private static String admin(WebTestClient client, String uri) {
        return client.get()
                .uri(uri)
                .header(LocalRouter.ADMIN_HEADER, LocalRouter.adminToken(home))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void await(IoCondition condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.met()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    private interface IoCondition {
        boolean met() throws IOException;
    }
}
