package dev.modelrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.cli.launch.DaemonJava;
import dev.modelrouter.testing.Prerequisites;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's quick start, word for word, as a new user on a fresh machine would follow it: {@code HOME}
 * elsewhere (not Java's {@code user.home}), no keys in the environment, {@code ~/.local/bin} on the
 * {@code PATH} and Claude Code installed. Each step is the README's shell line run by bash; the one edit
 * of the config a user makes points DeepSeek at a scripted upstream and routes to it. It ends with Claude
 * Code answering through the router, started by {@code router code}.
 */
class QuickStartIT {

    static final String ANSWER = "Hello from DeepSeek, through the router.";
    static final Path CLAUDE = Path.of(".tools/claude-code/node_modules/.bin/claude");
    static final Path JAR = Path.of("target/model-router.jar");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    Path home;

    record Step(int exit, String out) {}

    @AfterEach
    void stopTheDaemon() throws Exception {
        Path pid = home == null ? null : home.resolve(".router/router.pid");
        if (pid != null && Files.exists(pid)) {
            long daemon = JSON.readTree(pid.toFile()).path("pid").asLong(-1);
            if (daemon > 0) {
                ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** One line of the quick start, run by bash in the checkout with the user's environment. */
    private Step step(Map<String, String> env, String line) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(line).isTrue();
        return new Step(p.exitValue(), out);
    }

    private Step ok(Map<String, String> env, String line) throws IOException, InterruptedException {
        Step s = step(env, line);
        assertThat(s.exit()).as("%s:\n%s", line, s.out()).isZero();
        return s;
    }

    static Reply answer(ScriptedUpstream.Received request) {
        JsonNode body = JSON.readTree(request.body());
        if (!body.path("stream").asBoolean(false)) {
            return Reply.json(
                    200,
                    "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"deepseek-chat\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,\"total_tokens\":11}}");
        }
        String head =
                "data: {\"id\":\"q\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"deepseek-chat\",\"choices\":";
        return Reply.sse(List.of(
                head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"" + ANSWER
                        + "\"},\"finish_reason\":null}]}\n\n",
                head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                head + "[],\"usage\":{\"prompt_tokens\":900,\"completion_tokens\":9,\"total_tokens\":909}}\n\n",
                "data: [DONE]\n\n"));
    }

    @Test
    void theQuickStartEndsWithClaudeCodeAnsweringThroughTheRouter() throws Exception {
        Prerequisites.require(
                Files.isExecutable(CLAUDE), "Claude Code is not installed; run scripts/install-claude-code (CI does)");
        Prerequisites.require(
                Files.isRegularFile(JAR) && !sourcesNewerThanJar(),
                JAR
                        + " is missing or older than the sources (scripts/router would build it); run ./mvnw -B -q package -DskipTests first");
        home = dir.resolve("home");
        Files.createDirectories(home);
        Path work = dir.resolve("work");
        Files.createDirectories(work);
        Map<String, String> env = new HashMap<>(Map.of(
                "HOME",
                home.toString(),
                "PATH",
                home.resolve(".local/bin") + ":" + CLAUDE.toAbsolutePath().getParent()
                        + ":/usr/local/bin:/usr/bin:/bin",
                "TERM",
                "dumb",
                // the machine is offline: Claude Code must not wait on its own update and telemetry calls
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                "1",
                "CLAUDE_CODE_MAX_RETRIES",
                "2"));
        try (ScriptedUpstream upstream = new ScriptedUpstream().otherwise(QuickStartIT::answer)) {
            // scripts/router install
            Step install = ok(env, "scripts/router install");
            assertThat(install.out())
                    .contains("linked " + home.resolve(".local/bin/router"))
                    .contains("scripts/router uninstall");

            // mkdir -p ~/.router && cp router-config.example.json ~/.router/config.json
            ok(env, "mkdir -p ~/.router && cp router-config.example.json ~/.router/config.json");
            Path config = home.resolve(".router/config.json");
            assertThat(config).as("~ is $HOME").exists();

            // $EDITOR ~/.router/config.json: DeepSeek's address is the scripted upstream's, and it serves the main
            // routes
            int port = freePort();
            edit(
                    config,
                    Map.of(
                            "\"PORT\": 3456",
                            "\"PORT\": " + port,
                            "https://api.deepseek.com/chat/completions",
                            upstream.url() + "/chat/completions",
                            "\"default\": [\"anthropic,claude-sonnet-4-5\", \"openrouter,anthropic/claude-sonnet-4.5\"]",
                            "\"default\": \"deepseek,deepseek-chat\"",
                            "\"background\": \"ollama,qwen2.5-coder:latest\"",
                            "\"background\": \"deepseek,deepseek-chat\""));

            // router start: says what is missing before any request fails
            Step start = ok(env, "router start");
            assertThat(start.out())
                    .contains("model-router running at http://127.0.0.1:" + port)
                    .contains("(default, background, think): export DEEPSEEK_API_KEY=<your key>");

            // export DEEPSEEK_API_KEY=...; router restart
            Step restart = ok(env, "export DEEPSEEK_API_KEY=sk-quick-start; router restart");
            assertThat(restart.out()).doesNotContain("DEEPSEEK_API_KEY");
            // the daemon runs on the JDK scripts/router trained for, with that JDK's own options and its archive
            long pid = JSON.readTree(Files.readString(home.resolve(".router/router.pid")))
                    .path("pid")
                    .asLong();
            DaemonJava daemonJdk = DaemonJava.find(Map.of());
            assertThat(ProcessHandle.of(pid)
                            .flatMap(h -> h.info().commandLine())
                            .orElse(""))
                    .contains(String.join(" ", daemonJdk.jdkOptions()))
                    .contains(daemonJdk.aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=");

            // router code (here with -p, to answer once and exit), from a shell that also holds an Anthropic key,
            // which must not take Claude Code past the router
            Step code = step(
                    env,
                    "export ANTHROPIC_API_KEY=sk-ant-users-own; cd '" + work + "' && router code -p 'Say hello'"
                            + " --output-format json < /dev/null");
            assertThat(code.exit()).as(code.out()).isZero();
            int json = code.out().lastIndexOf("\n{");
            assertThat(json)
                    .as("Claude Code's JSON result after the router's lines:\n%s", code.out())
                    .isPositive();
            JsonNode result = JSON.readTree(code.out().substring(json + 1));
            assertThat(result.path("result").asString()).as(code.out()).isEqualTo(ANSWER);
            assertThat(result.path("is_error").asBoolean(true)).isFalse();
            assertThat(upstream.received())
                    .isNotEmpty()
                    .allSatisfy(
                            r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer sk-quick-start"));
            assertThat(JSON.readTree(home.resolve(".claude.json").toFile())
                            .path("hasCompletedOnboarding")
                            .asBoolean())
                    .as("router code marked Claude Code's onboarding done in the fresh HOME")
                    .isTrue();

            ok(env, "router stop");
        }
    }

    private static void edit(Path config, Map<String, String> replacements) throws IOException {
        String text = Files.readString(config);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(text).as("the example config still holds %s", r.getKey()).contains(r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Files.writeString(config, text);
    }

    private static boolean sourcesNewerThanJar() throws IOException {
        long built = Files.getLastModifiedTime(JAR).toMillis();
        List<Path> roots = new ArrayList<>(List.of(Path.of("src/main"), Path.of("pom.xml")));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                if (files.anyMatch(f -> {
                    try {
                        return Files.getLastModifiedTime(f).toMillis() > built;
                    } catch (IOException e) {
                        return true;
                    }
                })) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
