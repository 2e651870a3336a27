package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.Prerequisites;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pinned Claude Code (installed by {@code scripts/install-claude-code}) run through {@code router code}
 * against the real daemon (this test's Spring context, recorded in router.pid) and a scripted OpenAI-protocol
 * provider, offline. Claude Code's own debug log says which window it compacts against
 * ({@code autocompact: ... effectiveWindow=N}, which is its window less min(max output, 20000)); without the
 * router's variables it is 980000 for any model it does not know. The tests run in order: the long-context
 * one changes the routes.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClaudeCodeWindowIT {

    static final Path CLAUDE =
            Path.of(".tools/claude-code/node_modules/.bin/claude").toAbsolutePath();
    static final Path DIR = temporaryFolder();
    static final Path ROUTER_HOME = DIR.resolve("router-home");
    static final Path CLAUDE_HOME = DIR.resolve("claude-home");
    static final Path CONFIG = ROUTER_HOME.resolve("config.json");
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream().otherwise(ClaudeCodeWindowIT::answer);
    static final Pattern EFFECTIVE = Pattern.compile("effectiveWindow=(-?\\d+)");

    @LocalServerPort
    int port;

    Map<String, String> env;

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("claude-window-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void daemon(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(ROUTER_HOME);
        Files.createDirectories(CLAUDE_HOME);
        // deepseek-chat: 128000 tokens, 8192 out (built-in table); qwen3-coder: 262144; small: as stated here,
        // less than Claude Code's system prompt and tools
        Files.writeString(CONFIG, """
                {"Providers": [
                   {"name": "ds", "api_base_url": "%1$s/chat/completions", "api_key": "sk-test",
                    "models": ["deepseek-chat", "qwen3-coder"]},
                   {"name": "tiny", "api_base_url": "%1$s/chat/completions", "api_key": "sk-test",
                    "models": [{"name": "small", "context": 8000}]}],
                 "Router": {"default": "ds,deepseek-chat"}}
                """.formatted(UPSTREAM.url()));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, CONFIG::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, ROUTER_HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    /** Every request gets a short text answer, streamed or not, named after the model it asked for. */
    static Reply answer(ScriptedUpstream.Received request) {
        JsonNode body = JSON.readTree(request.body());
        String model = body.path("model").asString("");
        if (!body.path("stream").asBoolean(false)) {
            return Reply.json(
                    200,
                    "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"" + model + "\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":1,\"total_tokens\":901}}");
        }
        String head = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"" + model + "\",";
        return Reply.sse(List.of(
                "data: " + head
                        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n",
                "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                "data: " + head
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":1,\"total_tokens\":901}}\n\n",
                "data: [DONE]\n\n"));
    }

    @BeforeEach
    void recordTheDaemon() throws IOException {
        Prerequisites.require(
                Files.isExecutable(CLAUDE), "Claude Code is not installed; run scripts/install-claude-code (CI does)");
        new DaemonInfo(ProcessHandle.current().pid(), "127.0.0.1", port, CONFIG.toString())
                .write(ROUTER_HOME.resolve("router.pid"));
        // claude under a time limit, so a hung Claude Code fails the test instead of blocking it; and with
        // no stdin, which in -p mode it would otherwise read to the end (surefire's stays open)
        Path claude = DIR.resolve("claude");
        Files.writeString(claude, "#!/bin/sh\nexec timeout 150 '" + CLAUDE + "' \"$@\" < /dev/null\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        env = new HashMap<>();
        env.put("ROUTER_HOME", ROUTER_HOME.toString());
        env.put("HOME", CLAUDE_HOME.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CLAUDE_PATH", claude.toString());
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("DISABLE_AUTOUPDATER", "1");
        env.put("DISABLE_ERROR_REPORTING", "1");
        env.put("CLAUDE_CODE_MAX_RETRIES", "0");
    }

    /** {@code router code [args] -p hi --debug-file F}: its exit code and Claude Code's debug log. */
    private record Run(int exit, String log, String err) {
        int effectiveWindow() {
            Matcher m = EFFECTIVE.matcher(log);
            assertThat(m.find())
                    .as("Claude Code's debug log reports its effective window:\n%s", log)
                    .isTrue();
            return Integer.parseInt(m.group(1));
        }
    }

    private Run code(String... args) throws IOException {
        Path log = Files.createTempFile(DIR, "claude-debug", ".log");
        String[] cli = Stream.concat(
                        Stream.of("code"),
                        Stream.concat(Stream.of(args), Stream.of("-p", "hi", "--debug-file", log.toString())))
                .toArray(String[]::new);
        CliRun run = CliRun.of(env, cli);
        return new Run(run.exit(), Files.readString(log, StandardCharsets.UTF_8), run.err());
    }

    private List<String> modelsAsked() {
        return UPSTREAM.received().stream()
                .map(r -> JSON.readTree(r.body()).path("model").asString(""))
                .toList();
    }

    @Test
    @Order(1)
    void claudeCodeCompactsWithinTheDefaultModelsRealWindow() throws Exception {
        Run run = code();

        assertThat(run.exit()).as(run.err()).isZero();
        // 128000 less the router's margin of 8000, less Claude Code's reserve for DeepSeek's 8192-token answers
        assertThat(run.effectiveWindow()).isEqualTo(128_000 - 8_000 - 8_192).isNotEqualTo(980_000);
        assertThat(modelsAsked()).isNotEmpty().containsOnly("deepseek-chat");

        CliRun status = CliRun.of(env, "status");
        assertThat(status.out())
                .contains("deepseek-chat (128k window, 8k out, built-in)")
                .contains("claude:    compacts best within 120000 tokens (128k window of default ds,deepseek-chat)")
                .contains("router code at ")
                .contains("started Claude Code to compact within 120000 tokens");
    }

    @Test
    @Order(2)
    void theStatusLineCountsAgainstTheRoutedModelsWindow() throws Exception {
        Path transcript;
        try (Stream<Path> files = Files.walk(CLAUDE_HOME.resolve(".claude/projects"))) {
            transcript = files.filter(p -> p.toString().endsWith(".jsonl"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow();
        }
        Files.writeString(
                CONFIG,
                Files.readString(CONFIG)
                        .replace(
                                "\"Router\"",
                                "\"StatusLine\": {\"enabled\": true, \"currentStyle\": \"default\", \"default\": {\"modules\": ["
                                        + "{\"type\": \"model\", \"text\": \"{{model}}\"},"
                                        + "{\"type\": \"context\", \"text\": \"{{contextPercent}}% of {{contextWindowSize}}\"}]}},\n \"Router\""));
        // what Claude Code pipes to its status-line command: the window it assumes for the name it asked for
        String input = """
                {"session_id": "s1", "transcript_path": "%s", "cwd": "%s",
                 "model": {"id": "claude-opus-5-5", "display_name": "Opus"},
                 "context_window": {"context_window_size": 1000000,
                   "current_usage": {"input_tokens": 12800, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0}}}
                """.formatted(transcript, DIR);
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        CliRun line;
        try {
            line = CliRun.of(Map.of("ROUTER_HOME", ROUTER_HOME.toString(), "USE_SIMPLE_ICONS", "true"), "statusline");
        } finally {
            System.setIn(saved);
        }

        assertThat(line.out())
                .as("the router answers with the name Claude Code asked for; the routes say which model served")
                .isEqualTo("claude-opus-5-5 10% of 128k\n");

        // after /model ds,qwen3-coder Claude Code asks for it by name but still compacts as router code told it
        System.setIn(new ByteArrayInputStream(
                input.replace("claude-opus-5-5", "ds,qwen3-coder").getBytes(StandardCharsets.UTF_8)));
        try {
            line = CliRun.of(Map.of("ROUTER_HOME", ROUTER_HOME.toString(), "USE_SIMPLE_ICONS", "true"), "statusline");
        } finally {
            System.setIn(saved);
        }

        assertThat(line.out())
                .endsWith("\u26a0 ds,qwen3-coder: 262k window, Claude Code compacts within 120000;"
                        + " restart: router code --continue --model ds,qwen3-coder\n");
    }

    @Test
    @Order(3)
    void aPromptOverTheModelsWindowIsRefusedBeforeReachingIt() throws Exception {
        int before = UPSTREAM.received().size();

        Run told = code("--model", "tiny,small");
        // started on tiny,small, Claude Code is told its window (8000 less the margin of 4000), less its own
        // 20000-token answer reserve: it knows its prompt cannot fit and sends nothing
        assertThat(told.effectiveWindow()).isEqualTo(8_000 - 4_000 - 20_000);
        // asked for tiny,small without being told (as after a /model switch), Claude Code sends its prompt
        env.put("ANTHROPIC_MODEL", "tiny,small");
        Run run = code();
        env.remove("ANTHROPIC_MODEL");

        assertThat(UPSTREAM.received().subList(before, UPSTREAM.received().size()))
                .as("Claude Code's system prompt alone is over the 8000 tokens of tiny,small")
                .isEmpty();
        assertThat(run.log()).contains("prompt is too long").contains("8000 maximum of tiny,small");
    }

    @Test
    @Order(4)
    void withALongContextRouteClaudeCodeCompactsWithinItsWindowAndOversizePromptsGoThere() throws Exception {
        CliRun set = CliRun.of(env, "model", "set", "longContext", "ds,qwen3-coder");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out())
                .contains("context window now: 262k window (longContext ds,qwen3-coder")
                .contains("Claude Code was started to compact within 120000 tokens; restart it");

        Run run = code();
        assertThat(run.exit()).as(run.err()).isZero();
        // 262144 less the margin of 16384, less the 8192-token answer reserve of the default model
        assertThat(run.effectiveWindow()).isEqualTo(262_144 - 16_384 - 8_192);

        int before = UPSTREAM.received().size();
        Run oversize = code("--model", "tiny,small");
        List<String> asked = modelsAsked().subList(before, UPSTREAM.received().size());
        assertThat(oversize.exit()).as(oversize.err()).isZero();
        assertThat(asked).contains("qwen3-coder").doesNotContain("small");
    }
}
