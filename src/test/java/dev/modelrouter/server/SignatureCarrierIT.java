package dev.modelrouter.server;

import static dev.modelrouter.server.ProviderValidators.issued;
import static dev.modelrouter.server.ProviderValidators.script;
import static dev.modelrouter.server.ProviderValidators.validating;
import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18.1: a Claude Code session that switches models mid tool loop, DeepSeek → Claude → Gemini →
 * Claude → Gemini, driven by the official Anthropic Java SDK. Every translated stream parses, every thinking
 * block carries a signature, and each provider's validator (what the real API rejects: foreign signatures,
 * a tool turn without its thinking, Gemini calls without their own signature) accepts every request.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignatureCarrierIT {

    static final ScriptedUpstream DEEPSEEK = new ScriptedUpstream();
    static final ScriptedUpstream CLAUDE = new ScriptedUpstream();
    static final ScriptedUpstream GEMINI = new ScriptedUpstream();
    static final Set<String> CLAUDE_SIGNED = issued("EqClaudeSig1", "EqClaudeSig2");
    static final Set<String> GEMINI_SIGNED = issued("R2VtU2lnMQ==");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [
                  {"name": "deepseek", "api_base_url": "%s/chat/completions", "api_key": "k", "models": ["deepseek-reasoner"]},
                  {"name": "claude", "api_base_url": "%s", "api_key": "k", "models": ["claude-up"],
                   "transformer": {"use": ["anthropic"]}},
                  {"name": "gemini", "api_base_url": "%s/v1beta/models/", "api_key": "k", "models": ["gemini-3-pro"],
                   "transformer": {"use": ["gemini"]}}],
                 "Router": {"default": "claude,claude-up"}}
                """.formatted(DEEPSEEK.url(), CLAUDE.url(), GEMINI.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        DEEPSEEK.close();
        CLAUDE.close();
        GEMINI.close();
    }

    @Test
    void aSessionSwitchingModelsMidToolLoopIsAcceptedByEveryProvider() {
        DEEPSEEK.otherwise(validating(ProviderValidators.deepSeek(), script(Reply.sse(deepSeekToolCall()))));
        CLAUDE.otherwise(validating(
                ProviderValidators.anthropic(CLAUDE_SIGNED),
                script(
                        Reply.sse(claudeToolCall("EqClaudeSig1", "Read", "{\"path\":\"a.txt\"}")),
                        Reply.sse(claudeToolCall("EqClaudeSig2", "Bash", "{\"command\":\"rm a.txt\"}")))));
        GEMINI.otherwise(validating(
                ProviderValidators.gemini(GEMINI_SIGNED),
                script(Reply.sse(geminiToolCall()), Reply.sse(geminiText()))));
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey("client-key")
                .maxRetries(0)
                .build();
        List<MessageParam> conversation = new ArrayList<>();
        conversation.add(MessageParam.ofUser("Tidy up the folder."));

        turn(client, "deepseek,deepseek-reasoner", conversation, "a.txt b.txt");
        turn(client, "claude,claude-up", conversation, "hello");
        turn(client, "gemini,gemini-3-pro", conversation, "5 a.txt");
        turn(client, "claude,claude-up", conversation, "removed");
        Message last = ask(client, "gemini,gemini-3-pro", conversation);

        assertThat(last.content())
                .filteredOn(ContentBlock::isText)
                .extracting(b -> b.asText().text())
                .containsExactly("Tidy.");
        assertThat(GEMINI.last().bodyText())
                .as("Gemini gets its own signature back on its own call")
                .contains("\"thoughtSignature\":\"R2VtU2lnMQ==\"");
        assertThat(CLAUDE.received().get(0).bodyText())
                .as("DeepSeek's thinking and the thinking it left invalid")
                .doesNotContain("rtr1.", "\"thinking\":{", "clear_thinking");
    }

    @Test
    void backToDeepSeekAfterClaudeThinkingWithDisplayOmittedIsAccepted() {
        DEEPSEEK.otherwise(validating(
                ProviderValidators.deepSeek(), script(Reply.sse(deepSeekToolCall()), Reply.sse(deepSeekText()))));
        CLAUDE.otherwise(validating(
                ProviderValidators.anthropic(CLAUDE_SIGNED),
                script(Reply.sse(claudeToolCall("EqClaudeSig1", "Read", "{\"path\":\"a.txt\"}", "")))));
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .apiKey("client-key")
                .maxRetries(0)
                .build();
        List<MessageParam> conversation = new ArrayList<>();
        conversation.add(MessageParam.ofUser("Tidy up the folder."));

        turn(client, "deepseek,deepseek-reasoner", conversation, "a.txt b.txt", "omitted");
        turn(client, "claude,claude-up", conversation, "hello", "omitted");
        Message last = ask(client, "deepseek,deepseek-reasoner", conversation, "omitted");

        assertThat(last.content())
                .filteredOn(ContentBlock::isText)
                .extracting(b -> b.asText().text())
                .containsExactly("Tidy.");
        assertThat(DEEPSEEK.last().bodyText())
                .as("Claude's tool turn, its thinking omitted, still carries the field DeepSeek requires")
                .contains("\"reasoning_content\":\"\",\"tool_calls\":[{\"id\":\"toolu_Read\"");
    }

    /** Asks {@code model}, then answers every tool call of the reply with {@code result}. */
    private void turn(AnthropicClient client, String model, List<MessageParam> conversation, String result) {
        turn(client, model, conversation, result, "summarized");
    }

    /** {@link #turn} with Claude Code asking for thinking shown as {@code display}. */
    private void turn(
            AnthropicClient client, String model, List<MessageParam> conversation, String result, String display) {
        Message reply = ask(client, model, conversation, display);
        List<ContentBlockParam> results = new ArrayList<>();
        for (ContentBlock block : reply.content()) {
            block.toolUse()
                    .ifPresent(use -> results.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                            .toolUseId(use.id())
                            .content(result)
                            .build())));
        }
        assertThat(results).as(model + " called a tool").isNotEmpty();
        conversation.add(MessageParam.ofUserOfContentBlockParams(results));
    }

    /** One streamed turn as Claude Code sends it; the reply joins the conversation as the SDK parsed it. */
    private Message ask(AnthropicClient client, String model, List<MessageParam> conversation) {
        return ask(client, model, conversation, "summarized");
    }

    private Message ask(AnthropicClient client, String model, List<MessageParam> conversation, String display) {
        MessageCreateParams params = MessageCreateParams.builder()
                .model(model)
                .maxTokens(32000)
                .messages(conversation)
                .addTool(tool("Bash", "command"))
                .addTool(tool("Read", "path"))
                .putAdditionalBodyProperty("thinking", JsonValue.from(Map.of("type", "adaptive", "display", display)))
                .putAdditionalBodyProperty(
                        "context_management",
                        JsonValue.from(
                                Map.of("edits", List.of(Map.of("type", "clear_thinking_20251015", "keep", "all")))))
                .build();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message reply = accumulator.message();
        assertThat(reply.content()).as(model + " answered with thinking").anyMatch(ContentBlock::isThinking);
        for (ContentBlock block : reply.content()) {
            block.thinking()
                    .ifPresent(thinking -> assertThat(thinking.signature())
                            .as(model + " thinking signature")
                            .isNotEmpty());
        }
        conversation.add(reply.toParam());
        return reply;
    }

    private static Tool tool(String name, String argument) {
        return Tool.builder()
                .name(name)
                .inputSchema(Tool.InputSchema.builder()
                        .properties(JsonValue.from(Map.of(argument, Map.of("type", "string"))))
                        .build())
                .build();
    }

    private static List<String> deepSeekToolCall() {
        String head =
                "data: {\"id\":\"ds-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                        + "\"choices\":[{\"index\":0,";
        return List.of(
                head
                        + "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"List first.\"},\"finish_reason\":null}]}\n\n",
                head + "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_ls\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]},\"finish_reason\":null}]}\n\n",
                head + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n",
                "data: [DONE]\n\n");
    }

    private static List<String> deepSeekText() {
        String head =
                "data: {\"id\":\"ds-2\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-reasoner\","
                        + "\"choices\":[{\"index\":0,";
        return List.of(
                head
                        + "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Done.\"},\"finish_reason\":null}]}\n\n",
                head + "\"delta\":{\"content\":\"Tidy.\"},\"finish_reason\":null}]}\n\n",
                head + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n");
    }

    private static List<String> claudeToolCall(String signature, String tool, String input) {
        return claudeToolCall(signature, tool, input, "Next step.");
    }

    /** A Claude tool call after thinking {@code thought}; empty as with {@code display: omitted}. */
    private static List<String> claudeToolCall(String signature, String tool, String input, String thought) {
        List<String> events = new ArrayList<>(List.of(
                event(
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_c\",\"type\":\"message\","
                                + "\"role\":\"assistant\",\"model\":\"claude-up\",\"content\":[],\"stop_reason\":null,"
                                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}"),
                event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                + "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}"),
                event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                + "{\"type\":\"thinking_delta\",\"thinking\":\"" + thought + "\"}}"),
                event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                + "{\"type\":\"signature_delta\",\"signature\":\"" + signature + "\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event(
                        "content_block_start",
                        "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_" + tool + "\",\"name\":\"" + tool
                                + "\",\"input\":{}}}"),
                event(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                                + "{\"type\":\"input_json_delta\",\"partial_json\":" + quote(input) + "}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":20}}"),
                event("message_stop", "{\"type\":\"message_stop\"}")));
        if (thought.isEmpty()) {
            events.remove(2); // omitted thinking streams no thinking_delta
        }
        return events;
    }

    private static List<String> geminiToolCall() {
        return List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Count it.\",\"thought\":true}]},"
                        + "\"index\":0}],\"responseId\":\"g-1\"}\n\n",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"Bash\","
                        + "\"args\":{\"command\":\"wc a.txt\"}},\"thoughtSignature\":\"R2VtU2lnMQ==\"}]},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"responseId\":\"g-1\"}\n\n");
    }

    private static List<String> geminiText() {
        return List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Done.\",\"thought\":true},"
                        + "{\"text\":\"Tidy.\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"responseId\":\"g-2\"}\n\n");
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
