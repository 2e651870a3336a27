package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.GoldenFiles;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18.3 through the daemon: an OpenAI-compatible provider's sloppy tool arguments
 * ({@code {"cmd": 'ls',}}) reach Claude Code repaired when the provider uses {@code enhancetool}, in a
 * complete answer as in a stream, and as an empty object without it.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ToolArgumentRepairIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final GoldenFiles FILES = new GoldenFiles("fixtures/relay/");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [
                  {"name": "fixing", "api_base_url": "%1$s/v1/chat/completions", "api_key": "k", "models": ["up-model"],
                   "transformer": {"use": ["enhancetool"]}},
                  {"name": "plain", "api_base_url": "%1$s/v1/chat/completions", "api_key": "k", "models": ["up-model"]}],
                 "Router": {"default": "fixing,up-model"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    private AnthropicClient client() {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey("client-key")
                .maxRetries(0)
                .build();
    }

    private static MessageCreateParams ask(String model) {
        return MessageCreateParams.builder()
                .model(model)
                .maxTokens(1000)
                .addUserMessage("list the files")
                .build();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inputs(Message message) {
        return message.content().stream()
                .filter(ContentBlock::isToolUse)
                .map(block -> (Map<String, Object>) block.asToolUse()._input().convert(Map.class))
                .toList();
    }

    @Test
    void enhancetoolRepairsACompleteOpenAiAnswer() {
        UPSTREAM.enqueue(Reply.json(200, FILES.read("sloppy-arguments.upstream.json")));

        Message message = client().messages().create(ask("fixing,up-model"));

        assertThat(inputs(message))
                .containsExactly(
                        Map.of("cmd", "ls"),
                        Map.of("path", "a.txt", "limit", 10),
                        Map.of("pattern", "x"),
                        Map.of("glob", "*.java"));
        assertThat(UPSTREAM.last().bodyText()).doesNotContain("\"stream\":true");
    }

    @Test
    void withoutEnhancetoolACompleteAnswersUnreadableArgumentsAreEmpty() {
        UPSTREAM.enqueue(Reply.json(200, FILES.read("sloppy-arguments.upstream.json")));

        Message message = client().messages().create(ask("plain,up-model"));

        assertThat(inputs(message))
                .containsExactly(Map.of(), Map.of(), Map.of("pattern", "x"), Map.of("glob", "*.java"));
    }

    @Test
    void enhancetoolRepairsAStreamedOpenAiAnswer() {
        String sse = FILES.read("sloppy-arguments.upstream.sse");
        UPSTREAM.enqueue(Reply.sse(List.of(sse)));
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream =
                client().messages().createStreaming(ask("fixing,up-model"))) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertThat(inputs(accumulator.message()))
                .containsExactly(Map.of("cmd", "ls"), Map.of("path", "a.txt", "limit", 10));
    }
}
