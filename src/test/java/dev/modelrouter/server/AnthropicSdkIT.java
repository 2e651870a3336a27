package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The official Anthropic Java SDK, through the router, to a scripted Anthropic-protocol provider. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnthropicSdkIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    @LocalServerPort
    int port;

    AnthropicClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s", "api_key": "sk-upstream",
                  "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,claude-up"}}
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
        client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey("client-dummy-key")
                .maxRetries(0)
                .build();
    }

    private static String sentBody(MessageCreateParams params) throws Exception {
        return ObjectMappers.jsonMapper().writeValueAsString(params._body());
    }

    @Test
    void plainCallReachesTheUpstreamWithOnlyTheModelChanged() throws Exception {
        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        MessageCreateParams params = MessageCreateParams.builder()
                .model("claude-sonnet-5-5")
                .maxTokens(1024)
                .system("Be brief.")
                .addUserMessage("Say hi")
                .build();
        Message message = client.messages().create(params);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hi!");
        assertThat(UPSTREAM.last().bodyText())
                .isEqualTo(sentBody(params).replace("\"claude-sonnet-5-5\"", "\"claude-up\""));
        assertThat(UPSTREAM.last().headers())
                .containsEntry("x-api-key", "sk-upstream")
                .doesNotContainKey("authorization");
        assertThat(UPSTREAM.last().headers().get("x-api-key")).isNotEqualTo("client-dummy-key");
    }

    @Test
    void streamIsParsedByTheSdk() {
        UPSTREAM.enqueue(Reply.sse(AnthropicPassthroughIT.STREAM));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("claude-opus-5-5")
                        .maxTokens(1024)
                        .addUserMessage("Say hi")
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hi");
        assertThat(message.usage().outputTokens()).isEqualTo(2);
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"claude-up\"", "\"stream\":true");
    }

    @Test
    void toolUseTurnRoundTrips() throws Exception {
        UPSTREAM.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\","
                                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}],"
                                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":9}}"));
        Tool tool = Tool.builder()
                .name("get_weather")
                .description("Current weather of a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .required(List.of("city"))
                        .build())
                .build();
        MessageCreateParams first = MessageCreateParams.builder()
                .model("claude-sonnet-5-5")
                .maxTokens(512)
                .addTool(tool)
                .addUserMessage("Weather in Paris?")
                .build();
        Message call = client.messages().create(first);
        ToolUseBlock use = call.content().get(0).toolUse().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use.id()).isEqualTo("toolu_01");

        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        MessageCreateParams second = first.toBuilder()
                .addMessage(call)
                .addUserMessageOfContentBlockParams(
                        List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                .toolUseId(use.id())
                                .content("18C, sunny")
                                .build())))
                .build();
        client.messages().create(second);
        assertThat(UPSTREAM.last().bodyText())
                .isEqualTo(sentBody(second).replace("\"claude-sonnet-5-5\"", "\"claude-up\""))
                .contains("\"tool_result\"", "toolu_01");
    }

    @Test
    void countTokensIsAnsweredByTheRoutedAnthropicProvider() {
        UPSTREAM.enqueue(Reply.json(200, "{\"input_tokens\":7}"));
        long tokens = client.messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model("claude-sonnet-5-5")
                        .addUserMessage("hello world")
                        .build())
                .inputTokens();
        assertThat(tokens).isEqualTo(7);
        assertThat(UPSTREAM.last().uri()).isEqualTo("/v1/messages/count_tokens");
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"claude-up\"");
    }
}
