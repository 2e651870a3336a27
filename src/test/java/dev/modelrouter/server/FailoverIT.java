package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.AnthropicSse;
import dev.modelrouter.testing.ClaudeProjects;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Mid-stream failover across protocols: a primary whose stream breaks after part of a 60-word answer
 * reached the client, and a fallback of another protocol that continues it, so the client gets the
 * 60 words exactly once. Each {@link Pair} is one primary protocol and one fallback protocol, routed
 * by a scenario of the config below or, once the scenarios ran out, by its Claude Code session's own
 * routes file.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverIT {

    static final ScriptedUpstream OA = new ScriptedUpstream();
    static final ScriptedUpstream AN = new ScriptedUpstream();
    static final ScriptedUpstream GE = new ScriptedUpstream();
    static final ScriptedUpstream RS = new ScriptedUpstream();

    static final Path HOME = LocalRouter.newHome();
    /** Claude Code's projects folder, where the sessions routed by their own routes files have transcripts. */
    static final Path CLAUDE = LocalRouter.newHome();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"resilience": {"backoff_ms": 20, "max_backoff_ms": 80, "breaker_min_calls": 1000, "idle_timeout_ms": 2000,
                                "failover_timeout_ms": 2000},
                 "Providers": [
                   {"name": "oa", "api_base_url": "%s/v1/chat/completions", "api_key": "k", "models": ["m"]},
                   {"name": "an", "api_base_url": "%s/v1/messages", "api_key": "k", "models": ["m", "r"],
                    "transformer": {"use": ["anthropic"]}},
                   {"name": "ge", "api_base_url": "%s/v1beta/models/", "api_key": "k", "models": ["m"],
                    "transformer": {"use": ["gemini"]}},
                   {"name": "rs", "api_base_url": "%s/v1/responses", "api_key": "k", "models": ["m"]}],
                 "Router": {"default": ["oa,m", "an,m"], "think": ["oa,m", "ge,m"], "webSearch": ["ge,m", "oa,m"],
                            "background": ["an,m", "oa,m"], "longContext": ["oa,m", "an,r"], "longContextThreshold": 400}}
                """.formatted(OA.url(), AN.url(), GE.url(), RS.url());
        RouterConfigs.register(registry, json, HOME);
        registry.add(RouterConfiguration.CLAUDE_PROJECTS_PROPERTY, CLAUDE::toString);
        // the scenarios are all taken: the pairs with a Responses side are routed by their session's own routes
        for (Pair pair : Pair.values()) {
            if (pair.session != null) {
                sessionRoutes(pair);
            }
        }
    }

    private static void sessionRoutes(Pair pair) {
        try {
            ClaudeProjects.transcript(CLAUDE, "-work-failover", pair.session);
            ClaudeProjects.routes(
                    HOME,
                    "-work-failover",
                    pair.session + ".json",
                    "{\"Router\": {\"default\": [\"" + pair.primary.target + "\", \"" + pair.fallback.target + "\"]}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        ScriptedUpstream.closeAll(OA, AN, GE, RS);
    }

    @BeforeEach
    void connect() {
        ScriptedUpstream.clearScripts(OA, AN, GE, RS);
        client = LocalRouter.client(port, Duration.ofSeconds(30));
    }

    /** The answer's words {@code from} to {@code to}, each as the text of one event, trailing space included. */
    static List<String> words(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "w" + i + " ").toList();
    }

    static final List<String> ANSWER = words(1, 60);

    /** A provider protocol, and how it streams text, ends a stream, and is cut. */
    enum Side {
        OPENAI(OA, "oa,m") {
            @Override
            List<String> stream(List<String> texts, boolean finished) {
                List<String> out = new ArrayList<>();
                texts.forEach(t -> out.add(
                        chunk("{\"index\":0,\"delta\":{\"content\":\"" + t + "\"},\"finish_reason\":null}", "")));
                if (finished) {
                    out.add(chunk(
                            "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}",
                            ",\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + texts.size()
                                    + ",\"total_tokens\":70}"));
                    out.add("data: [DONE]\n\n");
                }
                return out;
            }
        },
        ANTHROPIC(AN, "an,m") {
            @Override
            List<String> stream(List<String> texts, boolean finished) {
                List<String> out = new ArrayList<>(List.of(AnthropicSse.START, AnthropicSse.TEXT_START));
                texts.forEach(t -> out.add(AnthropicSse.textDelta(t)));
                if (finished) {
                    out.addAll(AnthropicSse.TAIL);
                }
                return out;
            }
        },
        GEMINI(GE, "ge,m") {
            @Override
            List<String> stream(List<String> texts, boolean finished) {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < texts.size(); i++) {
                    boolean last = finished && i == texts.size() - 1;
                    out.add("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\""
                            + texts.get(i)
                            + "\"}]}" + (last ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}]"
                            + (last ? ",\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":20}" : "")
                            + ",\"responseId\":\"g-1\"}\n\n");
                }
                return out;
            }
        },
        RESPONSES(RS, "rs,m") {
            @Override
            List<String> stream(List<String> texts, boolean finished) {
                List<String> out = new ArrayList<>();
                out.add(responses(
                        "response.created",
                        "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"model\":\"m\",\"output\":[]}"));
                out.add(
                        responses(
                                "response.output_item.added",
                                "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}"));
                texts.forEach(t -> out.add(responses(
                        "response.output_text.delta",
                        "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"" + t + "\"")));
                if (finished) {
                    String message =
                            "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                                    + "\"content\":[{\"type\":\"output_text\",\"text\":\"" + String.join("", texts)
                                    + "\",\"annotations\":[]}]}";
                    out.add(responses("response.output_item.done", "\"output_index\":0,\"item\":" + message));
                    out.add(responses(
                            "response.completed",
                            "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"model\":\"m\",\"output\":["
                                    + message + "],\"usage\":{\"input_tokens\":10,\"output_tokens\":" + texts.size()
                                    + ",\"total_tokens\":" + (10 + texts.size()) + "}}"));
                }
                return out;
            }
        };

        final ScriptedUpstream upstream;
        /** The provider and model the config routes to this side. */
        final String target;

        Side(ScriptedUpstream upstream, String target) {
            this.upstream = upstream;
            this.target = target;
        }

        abstract List<String> stream(List<String> texts, boolean finished);

        static String chunk(String choice, String usage) {
            return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":["
                    + choice + "]" + usage + "}\n\n";
        }

        /** One Responses stream event of {@code type} with the rest of its fields. */
        static String responses(String type, String fields) {
            return "event: " + type + "\ndata: {\"type\":\"" + type + "\"," + fields + "}\n\n";
        }
    }

    /** A primary and a fallback of other protocols, and the request that the config routes to them. */
    enum Pair {
        OPENAI_TO_ANTHROPIC(Side.OPENAI, Side.ANTHROPIC, "claude-sonnet-5-5", ""),
        OPENAI_TO_GEMINI(
                Side.OPENAI,
                Side.GEMINI,
                "claude-sonnet-5-5",
                ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000}"),
        GEMINI_TO_OPENAI(
                Side.GEMINI,
                Side.OPENAI,
                "claude-sonnet-5-5",
                ",\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]"),
        ANTHROPIC_TO_OPENAI(Side.ANTHROPIC, Side.OPENAI, "claude-haiku-5-5", ""),
        RESPONSES_TO_ANTHROPIC(Side.RESPONSES, Side.ANTHROPIC, "aaaaaaaa-0000-4000-8000-000000000171"),
        RESPONSES_TO_GEMINI(Side.RESPONSES, Side.GEMINI, "aaaaaaaa-0000-4000-8000-000000000172"),
        ANTHROPIC_TO_RESPONSES(Side.ANTHROPIC, Side.RESPONSES, "aaaaaaaa-0000-4000-8000-000000000173"),
        OPENAI_TO_RESPONSES(Side.OPENAI, Side.RESPONSES, "aaaaaaaa-0000-4000-8000-000000000174");

        final Side primary;
        final Side fallback;
        final String model;
        final String extra;
        /** The Claude Code session whose own routes file names this pair, or null when a scenario does. */
        final @Nullable String session;

        Pair(Side primary, Side fallback, String model, String extra) {
            this.primary = primary;
            this.fallback = fallback;
            this.model = model;
            this.extra = extra;
            this.session = null;
        }

        Pair(Side primary, Side fallback, String session) {
            this.primary = primary;
            this.fallback = fallback;
            this.model = "claude-sonnet-5-5";
            this.extra = "";
            this.session = session;
        }

        /** Whether the fallback takes the partial answer as a prefill, by the protocol defaults. */
        boolean prefill() {
            return fallback == Side.ANTHROPIC;
        }
    }

    private static String request(String model, String extra, String prompt) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":1000,\"stream\":true" + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    private String post(String body) {
        return post(body, null);
    }

    private String post(Pair pair) {
        return post(request(pair.model, pair.extra, "count"), pair.session);
    }

    /** {@code body} to {@code /v1/messages}, from Claude Code session {@code session} when not null. */
    private String post(String body, @Nullable String session) {
        return new String(
                client.post()
                        .uri("/v1/messages")
                        .headers(h -> {
                            if (session != null) {
                                h.set("x-claude-code-session-id", session);
                            }
                        })
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);
    }

    private static final Pattern TEXT = Pattern.compile("\"type\":\"text_delta\",\"text\":\"([^\"]*)\"");

    /** The text an Anthropic client received, all its text deltas joined. */
    static String text(String sse) {
        StringBuilder sb = new StringBuilder();
        Matcher m = TEXT.matcher(sse);
        while (m.find()) {
            sb.append(m.group(1));
        }
        return sb.toString();
    }

    static String sixtyWords() {
        return String.join(" ", ANSWER.stream().map(String::strip).toList());
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aStreamCutAfterFortyOfSixtyWordsIsFinishedByAFallbackOfAnotherProtocol(Pair pair) {
        int primary = pair.primary.upstream.received().size();
        int fallback = pair.fallback.upstream.received().size();
        pair.primary.upstream.enqueue(Reply.sse(pair.primary.stream(ANSWER.subList(0, 40), false)));
        // a prefilled model goes on from the last word; one asked in a new turn restates the last three
        List<String> rest = pair.prefill() ? words(41, 60) : words(38, 60);
        pair.fallback.upstream.enqueue(Reply.sse(pair.fallback.stream(rest, true)));

        String sse = post(pair);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse).doesNotContain("event: error").contains("event: message_stop");
        assertThat(sse.split("event: content_block_start", -1)).hasSize(2);
        assertThat(pair.primary.upstream.received()).hasSize(primary + 1);
        assertThat(pair.fallback.upstream.received()).hasSize(fallback + 1);
        String asked = pair.fallback.upstream.last().bodyText();
        assertThat(asked).contains("w40");
        if (!pair.prefill()) {
            assertThat(asked).contains("was cut off after the words", "w40\\\"");
        }
    }

    @Test
    void aFallbackThatRefusesThePrefillIsAskedAgainInANewTurnAndTheClientNeverSeesThe400() {
        int an = AN.received().size();
        OA.enqueue(Reply.sse(Side.OPENAI.stream(ANSWER.subList(0, 40), false)));
        AN.enqueue(
                Reply.json(
                        400,
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                                + "\"message\":\"This model does not support assistant message prefill. The conversation must end with a user message.\"}}"));
        AN.enqueue(Reply.sse(Side.ANTHROPIC.stream(words(39, 60), true)));
        String longPrompt = "x ".repeat(1500);

        String sse = post(request("claude-sonnet-5-5", "", longPrompt));

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse).doesNotContain("event: error", "prefill");
        List<ScriptedUpstream.Received> asked =
                AN.received().subList(an, AN.received().size());
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0).bodyText()).doesNotContain("was cut off");
        assertThat(asked.get(1).bodyText()).contains("was cut off after the words");

        // remembered: the next continuation on the same target goes in a new turn at once
        OA.enqueue(Reply.sse(Side.OPENAI.stream(ANSWER.subList(0, 40), false)));
        AN.enqueue(Reply.sse(Side.ANTHROPIC.stream(words(41, 60), true)));
        assertThat(text(post(request("claude-sonnet-5-5", "", longPrompt))).strip())
                .isEqualTo(sixtyWords());
        assertThat(AN.received()).hasSize(an + 3);
        assertThat(AN.last().bodyText()).contains("was cut off after the words");
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** A stream's headers, and then nothing, on an open connection. */
    private static Reply headersOnly() {
        return Reply.sse(List.of()).thenSilence();
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aStreamThatStallsAfterTwentyWordsIsFinishedByTheFallbackOnceTheIdleTimeoutPasses(Pair pair) {
        int primary = pair.primary.upstream.received().size();
        pair.primary.upstream.enqueue(
                Reply.sse(pair.primary.stream(ANSWER.subList(0, 20), false)).thenSilence());
        pair.fallback.upstream.enqueue(
                Reply.sse(pair.fallback.stream(pair.prefill() ? words(21, 60) : words(18, 60), true)));

        long started = System.nanoTime();
        String sse = post(pair);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse).doesNotContain("event: error");
        assertThat(pair.primary.upstream.received()).hasSize(primary + 1);
        assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(8));
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void oneMalformedEventAsTheTenthIsSkippedAndTheAnswerArrivesWhole(Pair pair) {
        int fallback = pair.fallback.upstream.received().size();
        List<String> events = new ArrayList<>(pair.primary.stream(ANSWER, true));
        events.add(9, "data: {\"oops\": not json\n\n");
        pair.primary.upstream.enqueue(Reply.sse(events));

        String sse = post(pair);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse).doesNotContain("event: error", "oops");
        assertThat(pair.fallback.upstream.received())
                .as("no fallback was needed")
                .hasSize(fallback);
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aSilentProviderIsLeftForTheFallbackAfterOneTimeoutWithoutARetry(Pair pair) {
        int primary = pair.primary.upstream.received().size();
        pair.primary.upstream.enqueue(Reply.unanswered());
        pair.fallback.upstream.enqueue(Reply.sse(pair.fallback.stream(ANSWER, true)));

        long started = System.nanoTime();
        String sse = post(pair);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(pair.primary.upstream.received())
                .as("asked once, not retried")
                .hasSize(primary + 1);
        assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(8));
    }

    @ParameterizedTest
    @EnumSource(Pair.class)
    void aLateFirstTokenMovesTheRequestToTheFallbackWithinTheFailoverTimeout(Pair pair) {
        int primary = pair.primary.upstream.received().size();
        int fallback = pair.fallback.upstream.received().size();
        pair.primary.upstream.enqueue(headersOnly());
        pair.fallback.upstream.enqueue(Reply.sse(pair.fallback.stream(ANSWER, true)));

        long started = System.nanoTime();
        String sse = post(pair);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse).doesNotContain("event: error");
        assertThat(pair.primary.upstream.received()).hasSize(primary + 1);
        assertThat(pair.fallback.upstream.received()).hasSize(fallback + 1);
        assertThat(pair.fallback.upstream.last().bodyText()).doesNotContain("was cut off");
        assertThat(took).isBetween(TIMEOUT.minusMillis(100), TIMEOUT.plusSeconds(8));
    }

    @Test
    void anOpenAiClientWhosePrimaryIsDownSeesTheFallbacksModelAndUsage() {
        int oa = OA.received().size();
        Reply busy = Reply.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}");
        OA.enqueue(busy, busy, busy);
        List<String> answer = new ArrayList<>(Side.ANTHROPIC.stream(words(1, 3), true));
        answer.set(0, AnthropicSse.START.replace("\"model\":\"m\"", "\"model\":\"claude-served-1\""));
        AN.enqueue(Reply.sse(answer));

        String sse = new String(
                client.post()
                        .uri("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"model\":\"claude-sonnet-5-5\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectHeader()
                        .valueEquals("x-router-route", "default an,m")
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        assertThat(OA.received()).hasSize(oa + 3);
        assertThat(logged("\"ingress\":\"openai\",\"scenario\":\"default\""))
                .contains("\"served\":\"an,m\"", "\"outcome\":\"ok\"", "\"input\":10", "\"output\":3");
        assertThat(sse)
                .contains("\"model\":\"claude-served-1\"", "\"prompt_tokens\":10", "\"completion_tokens\":3")
                .doesNotContain("\"model\":\"claude-sonnet-5-5\"");
    }

    @Test
    void anOpenAiStreamThatBreaksWithNoFallbackIsLoggedAsAnErrorWithItsTokensAndFirstContent() {
        OA.enqueue(Reply.sse(Side.OPENAI.stream(ANSWER.subList(0, 10), false)));

        String sse = new String(
                client.post()
                        .uri("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"model\":\"oa,m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"count\"}]}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        assertThat(sse).contains("w10", "\"error\"");
        assertThat(logged("\"requested_model\":\"oa,m\""))
                .contains("\"served\":\"oa,m\"", "\"outcome\":\"upstream_error\"", "\"status\":502")
                .doesNotContain("\"ttft_ms\":null");
    }

    private static List<String> logLines() {
        Path log = HOME.resolve("logs").resolve("requests.jsonl");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request-log line holding {@code marker}, once it is there (it is written off the request's thread). */
    private static String logged(String marker) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> logLines().stream().anyMatch(line -> line.contains(marker)));
        return logLines().stream()
                .filter(line -> line.contains(marker))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void anOpenAiStreamCutInsideAToolCallsArgumentsIsRestartedWholeOnTheFallback() {
        List<String> primary = new ArrayList<>(Side.OPENAI.stream(words(1, 5), false));
        primary.add(Side.chunk(
                "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"Bash\",\"arguments\":\"{\\\"comm\"}}]},\"finish_reason\":null}",
                ""));
        OA.enqueue(Reply.sse(primary));
        List<String> fallback = new ArrayList<>(
                List.of(AnthropicSse.START, AnthropicSse.TOOL_START, AnthropicSse.toolDelta("{\"command\":\"ls\"}")));
        fallback.addAll(AnthropicSse.TAIL);
        AN.enqueue(Reply.sse(fallback));

        String sse = post(request("claude-sonnet-5-5", "", "count"));

        assertThat(text(sse).strip()).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(sse).doesNotContain("event: error", "{\\\"comm\"").contains("message_stop");
        assertThat(sse.split("\"type\":\"tool_use\"", -1)).as("one tool call").hasSize(2);
        assertThat(sse).contains("\"partial_json\":\"{\\\"command\\\":\\\"ls\\\"}\"");
        assertThat(AN.last().bodyText()).contains("w5").doesNotContain("call_1");
    }

    @Test
    void anAnthropicStreamCutInsideAToolCallsArgumentsReachesAnOpenAiClientAsOneCallFromTheFallback() {
        AN.enqueue(Reply.sse(List.of(AnthropicSse.START, AnthropicSse.TOOL_START, AnthropicSse.toolDelta("{\"comm"))));
        OA.enqueue(Reply.sse(List.of(
                Side.chunk(
                        "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_2\",\"type\":\"function\","
                                + "\"function\":{\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]},\"finish_reason\":null}",
                        ""),
                Side.chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}", ""),
                "data: [DONE]\n\n")));

        String sse = new String(
                client.post()
                        .uri("/v1/chat/completions")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(
                                "{\"model\":\"claude-haiku-5-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"ls\"}],"
                                        + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"parameters\":{\"type\":\"object\"}}}]}")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBody(),
                StandardCharsets.UTF_8);

        assertThat(sse).doesNotContain("\"error\"", "toolu_1", "{\\\"comm\"").contains("call_2", "[DONE]");
        assertThat(sse.split("\"id\":\"call_", -1)).as("one tool call").hasSize(2);
    }

    /** {@code side}'s answer starting with {@code thoughts}, each one event, and cut there, in the middle of a thought. */
    static List<String> cutWhileThinking(Side side, List<String> thoughts) {
        List<String> out = new ArrayList<>();
        if (side == Side.OPENAI) {
            thoughts.forEach(t -> out.add(Side.chunk(
                    "{\"index\":0,\"delta\":{\"reasoning_content\":\"" + t + "\"},\"finish_reason\":null}", "")));
            return out;
        }
        out.add(AnthropicSse.START);
        out.add(AnthropicSse.event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"));
        thoughts.forEach(t -> out.add(AnthropicSse.event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"" + t + "\"}}")));
        return out;
    }

    @ParameterizedTest
    @EnumSource(
            value = Pair.class,
            names = {"OPENAI_TO_ANTHROPIC", "ANTHROPIC_TO_OPENAI"})
    void aStreamCutWhileThinkingHasItsThoughtClosedAndTheFallbacksWholeAnswerAfterIt(Pair pair) {
        int primary = pair.primary.upstream.received().size();
        int fallback = pair.fallback.upstream.received().size();
        pair.primary.upstream.enqueue(Reply.sse(cutWhileThinking(pair.primary, List.of("Counting ", "to sixty"))));
        pair.fallback.upstream.enqueue(Reply.sse(pair.fallback.stream(ANSWER, true)));

        String sse = post(pair);

        assertThat(text(sse).strip()).isEqualTo(sixtyWords());
        assertThat(sse)
                .doesNotContain("event: error")
                .contains("\"thinking\":\"Counting \"", "\"thinking\":\"to sixty\"", "event: message_stop")
                .contains("\"index\":1,\"content_block\":{\"type\":\"text\"");
        // the cut thought is closed, with the router's empty signature, before the fallback's answer begins
        int signed = sse.indexOf("\"signature\":\"" + "rtr1.none" + "\"");
        int closed = sse.indexOf("{\"type\":\"content_block_stop\",\"index\":0}");
        assertThat(signed).isPositive().isLessThan(closed);
        assertThat(closed).isLessThan(sse.indexOf("\"index\":1,\"content_block\""));
        assertThat(sse.split("event: content_block_start", -1)).hasSize(3);
        assertThat(pair.primary.upstream.received()).hasSize(primary + 1);
        assertThat(pair.fallback.upstream.received()).hasSize(fallback + 1);
        assertThat(pair.fallback.upstream.last().bodyText())
                .as("asked afresh: a thought is no answer to continue")
                .doesNotContain("was cut off", "Counting", "\"assistant\"");
    }

    /** An Anthropic tool_use block at {@code index}: its start, {@code arguments} as one delta, and its stop if whole. */
    static List<String> anthropicToolCall(int index, String id, String arguments, boolean whole) {
        List<String> out = new ArrayList<>(List.of(
                AnthropicSse.event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":" + index
                                + ",\"content_block\":{\"type\":\"tool_use\"," + "\"id\":\"" + id
                                + "\",\"name\":\"Bash\",\"input\":{}}}"),
                AnthropicSse.event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":" + index
                                + ",\"delta\":{\"type\":\"input_json_delta\"," + "\"partial_json\":\""
                                + arguments.replace("\"", "\\\"") + "\"}}")));
        if (whole) {
            out.add(AnthropicSse.event(
                    "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
        }
        return out;
    }

    /** A Responses function call at {@code index}: its item, {@code arguments} as one delta, and its done if whole. */
    static List<String> responsesToolCall(int index, String id, String arguments, boolean whole) {
        String item = "{\"id\":\"fc_" + index + "\",\"type\":\"function_call\",\"call_id\":\"" + id
                + "\",\"name\":\"Bash\",\"arguments\":";
        String json = "\"" + arguments.replace("\"", "\\\"") + "\"";
        List<String> out = new ArrayList<>(List.of(
                Side.responses(
                        "response.output_item.added", "\"output_index\":" + index + ",\"item\":" + item + "\"\"}"),
                Side.responses(
                        "response.function_call_arguments.delta",
                        "\"item_id\":\"fc_" + index + "\",\"output_index\":" + index + ",\"delta\":" + json)));
        if (whole) {
            out.add(Side.responses(
                    "response.output_item.done", "\"output_index\":" + index + ",\"item\":" + item + json + "}"));
        }
        return out;
    }

    /**
     * {@code side}'s answer: five words, one whole tool call, a second one cut inside its arguments. (An
     * OpenAI Chat stream cannot be cut there: its tool calls end only with the stream, as arguments of
     * several may interleave, so a cut leaves every call unfinished and the fallback makes them afresh.)
     */
    static List<String> cutAfterAWholeToolCall(Side side) {
        List<String> out = new ArrayList<>(side.stream(words(1, 5), false));
        if (side == Side.RESPONSES) {
            out.addAll(responsesToolCall(1, "call_1", "{\"command\":\"ls\"}", true));
            out.addAll(responsesToolCall(2, "call_2", "{\"comm", false));
            return out;
        }
        out.add(AnthropicSse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        out.addAll(anthropicToolCall(1, "call_1", "{\"command\":\"ls\"}", true));
        out.addAll(anthropicToolCall(2, "call_2", "{\"comm", false));
        return out;
    }

    @ParameterizedTest
    @EnumSource(
            value = Pair.class,
            names = {"RESPONSES_TO_ANTHROPIC", "ANTHROPIC_TO_OPENAI"})
    void aStreamCutAfterAWholeToolCallReachedTheClientEndsTheTurnAtThatCall(Pair pair) {
        int fallback = pair.fallback.upstream.received().size();
        pair.primary.upstream.enqueue(Reply.sse(cutAfterAWholeToolCall(pair.primary)));

        String sse = post(pair);

        assertThat(text(sse).strip()).isEqualTo("w1 w2 w3 w4 w5");
        assertThat(sse.split("\"type\":\"tool_use\"", -1)).as("one tool call").hasSize(2);
        assertThat(sse)
                .contains("\"partial_json\":\"{\\\"command\\\":\\\"ls\\\"}\"")
                .contains("\"stop_reason\":\"tool_use\"", "event: message_stop")
                .doesNotContain("event: error", "call_2", "{\\\"comm\"");
        assertThat(pair.fallback.upstream.received())
                .as("a fallback cannot go on from a tool call without its result")
                .hasSize(fallback);
    }
}
