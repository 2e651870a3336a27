package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real clients across protocols: the Anthropic SDK through the router to a scripted OpenAI-protocol
 * provider, and the OpenAI SDK through the router to a scripted Anthropic-protocol provider.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TranslationIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    AnthropicClient anthropic;
    OpenAIClient openai;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [
                  {"name": "oai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "sk-oai",
                   "models": ["gpt-up", "reasoner-up"]},
                  {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "sk-anth",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}},
                  {"name": "resp", "api_base_url": "%1$s/v1/responses", "api_key": "sk-resp", "models": ["gpt-5"]},
                  {"name": "gem", "api_base_url": "%1$s/v1beta", "api_key": "sk-gem", "models": ["gemini-2.5-pro"],
                   "transformer": {"use": ["gemini"]}}],
                 "Router": {"default": "oai,gpt-up"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        anthropic = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey("dummy")
                .maxRetries(0)
                .build();
        openai = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey("dummy")
                .maxRetries(0)
                .build();
    }

    private static JsonNode lastBody() {
        return JSON.readTree(UPSTREAM.last().body());
    }

    private static String chunk(String choice) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-up\",\"choices\":["
                + choice + "]}\n\n";
    }

    private static String delta(String delta) {
        return chunk("{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":null}");
    }

    @Test
    void anthropicClientGetsAPlainAnswerFromAnOpenAiProvider() {
        UPSTREAM.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-up\","
                                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there\"},\"finish_reason\":\"stop\"}],"
                                + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":3,\"total_tokens\":33,\"prompt_tokens_details\":{\"cached_tokens\":10}}}"));
        Message message = anthropic
                .messages()
                .create(MessageCreateParams.builder()
                        .model("claude-sonnet-5-5")
                        .maxTokens(1000)
                        .systemOfTextBlockParams(List.of(
                                TextBlockParam.builder()
                                        .text("x-anthropic-billing-header: cc_version=2.1.332.abc; cc_entrypoint=cli;")
                                        .build(),
                                TextBlockParam.builder()
                                        .text("You are Claude Code.")
                                        .build()))
                        .addUserMessage("Hi")
                        .build());
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello there");
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-5-5");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(20);
        assertThat(message.usage().cacheReadInputTokens()).contains(10L);
        JsonNode sent = lastBody();
        assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/chat/completions");
        assertThat(UPSTREAM.last().headers())
                .containsEntry("authorization", "Bearer sk-oai")
                .doesNotContainKey("x-api-key");
        assertThat(sent.get("model").asString()).isEqualTo("gpt-up");
        assertThat(sent.get("messages").get(0).get("content").asString()).isEqualTo("You are Claude Code.");
        assertThat(sent.toString()).doesNotContain("billing-header");
    }

    @Test
    void anthropicClientStreamsThinkingTextAndParallelToolCalls() {
        UPSTREAM.enqueue(Reply.sse(List.of(
                        delta("{\"role\":\"assistant\",\"content\":\"\"}"),
                        delta("{\"reasoning_content\":\"Let me look.\"}"),
                        delta("{\"content\":\"Checking both.\"}"),
                        delta(
                                "{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}]}"),
                        delta(
                                "{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"Grep\",\"arguments\":\"{\\\"q\\\":\"}}]}"),
                        delta(
                                "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"path\\\":\\\"a.txt\\\"}\"}}]}"),
                        delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]}"),
                        chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}"),
                        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-up\",\"choices\":[],"
                                + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":20,\"total_tokens\":70}}\n\n",
                        "data: [DONE]\n\n"))
                .paced(Duration.ofMillis(2)));
        Tool read = Tool.builder()
                .name("Read")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("path", Map.of("type", "string"))))
                        .build())
                .build();
        Tool grep = Tool.builder()
                .name("Grep")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("q", Map.of("type", "string"))))
                        .build())
                .build();
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic
                .messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("claude-opus-5-5")
                        .maxTokens(2000)
                        .addTool(read)
                        .addTool(grep)
                        .addUserMessage("Look at a.txt")
                        .build())) {
            stream.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        List<ContentBlock> blocks = m.content();
        assertThat(blocks).hasSize(4);
        assertThat(blocks.get(0).thinking().orElseThrow().thinking()).isEqualTo("Let me look.");
        assertThat(blocks.get(1).text().orElseThrow().text()).isEqualTo("Checking both.");
        assertThat(blocks.get(2).toolUse().orElseThrow().name()).isEqualTo("Read");
        assertThat(blocks.get(2).toolUse().orElseThrow()._input().toString()).contains("a.txt");
        assertThat(blocks.get(3).toolUse().orElseThrow().name()).isEqualTo("Grep");
        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(m.usage().outputTokens()).isEqualTo(20);
        JsonNode sent = lastBody();
        assertThat(sent.get("stream").asBoolean()).isTrue();
        assertThat(sent.get("stream_options").get("include_usage").asBoolean()).isTrue();
        assertThat(sent.get("tools")).hasSize(2);
    }

    @Test
    void anthropicImageAndToolTurnsBecomeOpenAiMessages() {
        UPSTREAM.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-up\","
                                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A red dot.\"},\"finish_reason\":\"stop\"}]}"));
        anthropic
                .messages()
                .create(MessageCreateParams.builder()
                        .model("claude-sonnet-5-5")
                        .maxTokens(100)
                        .addUserMessageOfContentBlockParams(List.of(
                                ContentBlockParam.ofImage(Base64ImageSource.builder()
                                        .mediaType(Base64ImageSource.MediaType.IMAGE_PNG)
                                        .data("iVBORw0KGgo=")
                                        .build()),
                                ContentBlockParam.ofText(TextBlockParam.builder()
                                        .text("What is this?")
                                        .build())))
                        .build());
        JsonNode user = lastBody().get("messages").get(0);
        assertThat(user.get("role").asString()).isEqualTo("user");
        assertThat(user.get("content").get(0).get("image_url").get("url").asString())
                .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(user.get("content").get(1).get("text").asString()).isEqualTo("What is this?");
    }

    @Test
    void aStreamCutMidwayEndsWithAnErrorNeverAFakeEndTurn() {
        UPSTREAM.enqueue(Reply.sse(
                List.of(delta("{\"role\":\"assistant\",\"content\":\"\"}"), delta("{\"content\":\"Half an ans\"}"))));
        List<RawMessageStreamEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> {
                    try (StreamResponse<RawMessageStreamEvent> stream = anthropic
                            .messages()
                            .createStreaming(MessageCreateParams.builder()
                                    .model("claude-opus-5-5")
                                    .maxTokens(100)
                                    .addUserMessage("Hi")
                                    .build())) {
                        stream.stream().forEach(events::add);
                    }
                })
                .isInstanceOf(AnthropicServiceException.class)
                .hasMessageContaining("ended");
        assertThat(events)
                .noneMatch(e -> e.isMessageDelta()
                        && e.asMessageDelta().delta().stopReason().isPresent());
    }

    @Test
    void upstreamErrorsKeepTheirStatusInTheClientsFormat() {
        UPSTREAM.enqueue(Reply.json(
                400,
                "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
                        + "\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}"));
        assertThatThrownBy(() -> anthropic
                        .messages()
                        .create(MessageCreateParams.builder()
                                .model("claude-opus-5-5")
                                .maxTokens(100)
                                .addUserMessage("Hi")
                                .build()))
                .isInstanceOf(AnthropicServiceException.class)
                .satisfies(e ->
                        assertThat(((AnthropicServiceException) e).statusCode()).isEqualTo(400))
                .hasMessageContaining("maximum context length")
                .hasMessageContaining("oai");
    }

    @Test
    void openAiClientGetsAnAnswerFromAnAnthropicProvider() {
        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        ChatCompletion completion = openai.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("anth,claude-up")
                        .addSystemMessage("Be brief.")
                        .addUserMessage("Say hi")
                        .maxCompletionTokens(200)
                        .build());
        assertThat(completion.choices().get(0).message().content()).contains("Hi!");
        // the model that answered, as its provider named it, not the name the client asked for
        assertThat(completion.model()).isEqualTo("claude-up");
        JsonNode sent = lastBody();
        assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/messages");
        assertThat(UPSTREAM.last().headers()).containsEntry("x-api-key", "sk-anth");
        assertThat(sent.get("model").asString()).isEqualTo("claude-up");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(200);
        assertThat(sent.get("system").toString()).contains("Be brief.");
        assertThat(sent.has("stream_options")).isFalse();
    }

    @Test
    void openAiClientStreamsFromAnAnthropicProviderWithUsage() {
        UPSTREAM.enqueue(Reply.sse(AnthropicPassthroughIT.STREAM));
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openai.chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("anth,claude-up")
                        .addUserMessage("Say hi")
                        .streamOptions(ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(c -> {
                chunks.add(c);
                acc.accumulate(c);
            });
        }
        ChatCompletion completion = acc.chatCompletion();
        assertThat(completion.choices().get(0).message().content()).contains("Hi");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(chunks.get(chunks.size() - 1).usage()).isPresent();
    }

    static String fixture(String path) {
        try (java.io.InputStream in = TranslationIT.class.getResourceAsStream("/fixtures/" + path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anthropicClientStreamsFromAResponsesProvider() {
        UPSTREAM.enqueue(Reply.sse(List.of(fixture("responses/reasoning-then-text.upstream.sse"))));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic
                .messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("resp,gpt-5")
                        .maxTokens(2000)
                        .addUserMessage("Think, then answer")
                        .build())) {
            stream.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertThat(m.content()).anySatisfy(b -> assertThat(b.isThinking()).isTrue());
        assertThat(m.content()).anySatisfy(b -> assertThat(b.isText()).isTrue());
        assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/responses");
        JsonNode sent = lastBody();
        assertThat(sent.get("model").asString()).isEqualTo("gpt-5");
        assertThat(sent.get("input").get(0).get("type").asString()).isEqualTo("message");
        assertThat(sent.get("store").asBoolean()).isFalse();
    }

    @Test
    void anthropicClientGetsAToolCallStreamedFromGemini() {
        UPSTREAM.enqueue(Reply.sse(List.of(fixture("gemini/signature-on-function-call.upstream.sse"))));
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic
                .messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("gem,gemini-2.5-pro")
                        .maxTokens(2000)
                        .addTool(Tool.builder()
                                .name("Read")
                                .inputSchema(Tool.InputSchema.builder()
                                        .properties(JsonValue.from(Map.of("path", Map.of("type", "string"))))
                                        .build())
                                .build())
                        .addUserMessage("Read a.txt")
                        .build())) {
            stream.stream().forEach(acc::accumulate);
        }
        Message m = acc.message();
        assertThat(m.content()).anySatisfy(b -> assertThat(b.isToolUse()).isTrue());
        assertThat(m.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(UPSTREAM.last().uri()).isEqualTo("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
        assertThat(UPSTREAM.last().headers())
                .containsEntry("x-goog-api-key", "sk-gem")
                .doesNotContainKey("authorization");
        JsonNode sent = lastBody();
        assertThat(sent.get("contents").get(0).get("role").asString()).isEqualTo("user");
        assertThat(sent.get("tools")
                        .get(0)
                        .get("functionDeclarations")
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("Read");
    }

    @Test
    void geminiClientsAreServedFromAnOpenAiProviderPlainAndStreamed() {
        org.springframework.test.web.reactive.server.WebTestClient web =
                org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                        .baseUrl("http://127.0.0.1:" + port)
                        .build();
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],"
                + "\"generationConfig\":{\"maxOutputTokens\":50}}";
        UPSTREAM.enqueue(Reply.json(
                200,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-up\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello Gemini\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}"));
        web.post()
                .uri("/v1beta/models/gemini-2.5-pro:generateContent")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default oai,gpt-up")
                .expectBody()
                .jsonPath("$.candidates[0].content.parts[0].text")
                .isEqualTo("Hello Gemini");
        assertThat(lastBody().get("max_tokens").asInt()).isEqualTo(50);

        UPSTREAM.enqueue(Reply.sse(List.of(
                delta("{\"role\":\"assistant\",\"content\":\"\"}"),
                delta("{\"content\":\"Streamed\"}"),
                chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}"),
                "data: [DONE]\n\n")));
        String sse = web.post()
                .uri("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(sse).contains("data: ", "Streamed", "STOP");
        assertThat(lastBody().get("stream").asBoolean()).isTrue();
    }

    @Test
    void openAiClientErrorsAreInOpenAisFormat() {
        assertThatThrownBy(() -> openai.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("nope,x")
                                .addUserMessage("Hi")
                                .build()))
                .isInstanceOf(com.openai.errors.OpenAIServiceException.class)
                .hasMessageContaining("no provider named 'nope'");
    }
}
