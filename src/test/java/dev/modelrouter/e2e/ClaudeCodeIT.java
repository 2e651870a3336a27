package dev.modelrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claude Code itself (pinned, installed by {@code scripts/install-claude-code}; CI does that) runs a
 * tool loop through the router to a scripted OpenAI-protocol provider, offline: the provider asks for
 * a Bash call, Claude Code runs it and sends the result, the provider answers with text.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClaudeCodeIT {

    static final String FINAL = "The command printed hi. All done.";
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
        registry.add(RouterConfiguration.CONFIG_PROPERTY, () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    /** The provider's side of the tool loop, decided by what the conversation holds so far. */
    static Reply answer(ScriptedUpstream.Received request) {
        JsonNode body = JSON.readTree(request.body());
        boolean haveResult = false;
        for (JsonNode m : body.path("messages")) {
            haveResult |= m.path("role").asString("").equals("tool");
        }
        String usage = "data: {\"id\":\"chatcmpl-e2e\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":12,\"total_tokens\":912}}\n\n";
        if (!body.path("stream").asBoolean(false)) {
            return Reply.json(200, "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"deepseek-chat\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}");
        }
        if (haveResult) {
            return Reply.sse(List.of(
                    chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
                    chunk("{\"content\":\"The command printed hi.\"}", "null"),
                    chunk("{\"content\":\" All done.\"}", "null"),
                    chunk("{}", "\"stop\""),
                    usage,
                    "data: [DONE]\n\n"));
        }
        return Reply.sse(List.of(
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
                chunk("{\"reasoning_content\":\"The user wants me to run echo.\"}", "null"),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_e2e_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"\"}}]}", "null"),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"command\\\":\\\"echo hi\\\",\"}}]}", "null"),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"description\\\":\\\"say hi\\\"}\"}}]}", "null"),
                chunk("{}", "\"tool_calls\""),
                usage,
                "data: [DONE]\n\n"));
    }

    @Test
    void claudeCodeCompletesAToolLoopThroughTheRouterToAnOpenAiProvider() throws IOException, InterruptedException {
        boolean required = "1".equals(System.getenv("ROUTER_E2E_REQUIRE_CLAUDE"));
        assumeTrue(required || Files.isExecutable(CLAUDE),
                "Claude Code is not installed; run scripts/install-claude-code (CI does)");
        Path log = Files.createTempFile("claude-code-e2e", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/claude-code-e2e")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ROUTER_URL", "http://127.0.0.1:" + port);
        pb.environment().put("E2E_EXPECT", FINAL);
        Process process = pb.start();
        boolean done = process.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("claude-code-e2e finished in time; output:\n%s", output).isTrue();
        assertThat(process.exitValue()).as("claude-code-e2e exit code; output:\n%s", output).isZero();

        List<ScriptedUpstream.Received> turns = UPSTREAM.received();
        assertThat(turns).hasSizeGreaterThanOrEqualTo(2);
        JsonNode last = JSON.readTree(turns.get(turns.size() - 1).body());
        assertThat(last.get("model").asString()).isEqualTo("deepseek-chat");
        assertThat(last.toString())
                .contains("\"role\":\"tool\"", "call_e2e_1", "hi")
                .doesNotContain("x-anthropic-billing-header", "cache_control", "context_management");
    }
}
