package dev.modelrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.Prerequisites;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Claude Code itself (pinned, installed by {@code scripts/install-claude-code}; CI does that) runs a
 * tool loop through the router to a scripted OpenAI-protocol provider, offline: the provider asks for
 * a Bash command that prints a random nonce (which the command's text does not hold whole), and
 * answers with the final text only once a tool result that is exactly that nonce comes back. So the
 * final text proves that Claude Code ran the command and that its output reached the provider.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaudeCodeIT {

    static final String NONCE =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    /** Prints the nonce from its two halves, so that only running it yields the nonce. */
    static final String COMMAND = "printf '%s%s\\n' " + NONCE.substring(0, 8) + " " + NONCE.substring(8);

    static final String TOOL_CALL_ID = "call_e2e_1";
    static final String FINAL = "The command printed " + NONCE + ". All done.";
    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream().otherwise(ClaudeCodeIT::answer);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path CLAUDE = Path.of(".tools/claude-code/node_modules/.bin/claude");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "deepseek", "api_base_url": "%s/chat/completions", "api_key": "sk-test",
                   "models": ["deepseek-chat"]}],
                 "Router": {"default": "deepseek,deepseek-chat"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    private static String chunk(JsonNode delta, String finish) {
        ObjectNode chunk = JSON.createObjectNode()
                .put("id", "chatcmpl-e2e")
                .put("object", "chat.completion.chunk")
                .put("created", 1)
                .put("model", "deepseek-chat");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.set("finish_reason", finish == null ? JSON.nullNode() : JSON.stringNode(finish));
        return "data: " + chunk + "\n\n";
    }

    private static String textChunk(String text) {
        return chunk(JSON.createObjectNode().put("content", text), null);
    }

    /** The text of the tool message answering our call, or null when the conversation holds none. */
    static String toolResult(JsonNode body) {
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asString("").equals("tool")
                    && m.path("tool_call_id").asString("").equals(TOOL_CALL_ID)) {
                JsonNode content = m.path("content");
                if (content.isString()) {
                    return content.asString();
                }
                StringBuilder text = new StringBuilder();
                content.forEach(part -> text.append(part.path("text").asString("")));
                return text.toString();
            }
        }
        return null;
    }

    /** The provider's side of the tool loop, decided by what the conversation holds so far. */
    static Reply answer(ScriptedUpstream.Received request) {
        JsonNode body = JSON.readTree(request.body());
        String usage =
                "data: {\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":12,\"total_tokens\":912}}\n\n";
        if (!body.path("stream").asBoolean(false)) {
            return Reply.json(
                    200,
                    "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"deepseek-chat\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}");
        }
        String result = toolResult(body);
        List<String> events = new ArrayList<>();
        events.add(chunk(JSON.createObjectNode().put("role", "assistant").put("content", ""), null));
        if (result != null && result.strip().equals(NONCE)) {
            events.add(textChunk("The command printed " + NONCE + "."));
            events.add(textChunk(" All done."));
            events.add(chunk(JSON.createObjectNode(), "stop"));
        } else if (result != null) {
            events.add(textChunk("The tool result was not the nonce: " + result));
            events.add(chunk(JSON.createObjectNode(), "stop"));
        } else {
            String arguments = JSON.createObjectNode()
                    .put("command", COMMAND)
                    .put("description", "print the nonce")
                    .toString();
            int half = arguments.length() / 2;
            events.add(chunk(
                    JSON.createObjectNode().put("reasoning_content", "The user wants me to print the nonce."), null));
            events.add(
                    chunk(toolCall(JSON.createObjectNode().put("name", "Bash").put("arguments", ""), true), null));
            events.add(chunk(
                    toolCall(JSON.createObjectNode().put("arguments", arguments.substring(0, half)), false), null));
            events.add(chunk(
                    toolCall(JSON.createObjectNode().put("arguments", arguments.substring(half)), false), null));
            events.add(chunk(JSON.createObjectNode(), "tool_calls"));
        }
        events.add(usage);
        events.add("data: [DONE]\n\n");
        return Reply.sse(events);
    }

    private static JsonNode toolCall(ObjectNode function, boolean first) {
        ObjectNode call = JSON.createObjectNode().put("index", 0);
        if (first) {
            call.put("id", TOOL_CALL_ID).put("type", "function");
        }
        call.set("function", function);
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    @Test
    void claudeCodeCompletesAToolLoopThroughTheRouterToAnOpenAiProvider() throws IOException, InterruptedException {
        Prerequisites.require(
                Files.isExecutable(CLAUDE), "Claude Code is not installed; run scripts/install-claude-code (CI does)");
        Path log = Files.createTempFile("claude-code-e2e", ".log");
        Path result = Files.createTempFile("claude-code-e2e", ".json");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/claude-code-e2e")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ROUTER_URL", "http://127.0.0.1:" + port);
        pb.environment().put("CLAUDE", CLAUDE.toAbsolutePath().toString());
        pb.environment().put("E2E_PROMPT", "Print the nonce");
        pb.environment().put("E2E_EXPECT", FINAL);
        pb.environment().put("E2E_RESULT", result.toString());
        Process process = pb.start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done)
                .as("claude-code-e2e finished in time; output:\n%s", output)
                .isTrue();
        assertThat(process.exitValue())
                .as("claude-code-e2e exit code; output:\n%s", output)
                .isZero();
        JsonNode claude = JSON.readTree(result.toFile());
        assertThat(claude.path("result").asString()).as(output).isEqualTo(FINAL);
        assertThat(claude.path("is_error").asBoolean(true)).isFalse();

        List<ScriptedUpstream.Received> turns = UPSTREAM.received();
        int answered = 0;
        while (answered < turns.size()
                && toolResult(JSON.readTree(turns.get(answered).body())) == null) {
            answered++;
        }
        assertThat(answered).as("a request carries the Bash tool's result").isLessThan(turns.size());
        JsonNode withResult = JSON.readTree(turns.get(answered).body());
        assertThat(withResult.get("model").asString()).isEqualTo("deepseek-chat");
        assertThat(toolResult(withResult))
                .as("the Bash output Claude Code sent back")
                .isEqualToIgnoringWhitespace(NONCE);
        assertThat(turns.subList(0, answered))
                .as("no request before the tool result holds the nonce, so only running the command produced it")
                .noneMatch(t -> new String(t.body(), StandardCharsets.UTF_8).contains(NONCE));
        assertThat(withResult.toString())
                .contains(NONCE.substring(0, 8) + " " + NONCE.substring(8))
                .doesNotContain("x-anthropic-billing-header", "cache_control", "context_management");
    }
}
