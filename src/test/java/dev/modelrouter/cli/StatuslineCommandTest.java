package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.NodeJs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatuslineCommandTest {

    private static final String E = "\u001b[";
    private static final String R = "\u001b[0m";

    @TempDir
    Path home;

    @TempDir
    Path work;

    Path project;
    Path transcript;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        project = Files.createDirectories(work.resolve("my-project"));
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/HEAD"), "ref: refs/heads/feature/auth\n");
        Files.createDirectories(project.resolve("src/deep"));
        transcript = work.resolve("session.jsonl");
        Files.writeString(
                transcript,
                String.join(
                        "\n",
                        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}",
                        "{\"type\":\"assistant\",\"message\":{\"model\":\"old-model\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}",
                        "{\"type\":\"assistant\",\"message\":{\"model\":\"glm-4.6\",\"usage\":{\"input_tokens\":300,"
                                + "\"cache_read_input_tokens\":12000,\"output_tokens\":456}}}",
                        "{\"type\":\"assistant\",\"message\":{\"model\":\"<synthetic>\",\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}",
                        "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"the assistant said\"}}",
                        "not json at all",
                        ""));
        env.put("ROUTER_HOME", home.toString());
        env.put("USE_SIMPLE_ICONS", "true");
    }

    private String status(String cwd) {
        return """
                {"session_id":"abcdef123456","transcript_path":"%s","cwd":"%s",
                 "model":{"id":"claude-sonnet-4-5","display_name":"Sonnet 4.5"},
                 "workspace":{"current_dir":"%s","project_dir":"%s"},"version":"2.0.1",
                 "cost":{"total_cost_usd":0.1234,"total_duration_ms":154000,"total_lines_added":150,"total_lines_removed":25}}
                """.formatted(transcript, cwd, cwd, cwd);
    }

    private CliRun run(String stdin) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return CliRun.of(env, "statusline");
        } finally {
            System.setIn(saved);
        }
    }

    private void config(String statusLine) throws Exception {
        Files.writeString(
                home.resolve("config.json"),
                "{\n  // ccr's config\n  \"Providers\": [],\n  \"StatusLine\": " + statusLine + "\n}");
    }

    @Test
    void drawsCcrsDefaultThemeWithoutAStatusLineSection() {
        CliRun run = run(status(project.toString()));

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .isEqualTo(E + "94mmy-project" + R + " " + E + "95mfeature/auth" + R + " " + E + "96mglm-4.6" + R + " "
                        + E + "92m↑ 12.3k" + R + " " + E + "93m↓ 456" + R + "\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void drawsTheConfiguredModulesInTheirColoursAndSkipsUnknownTypes() throws Exception {
        config("""
                {"enabled": true, "currentStyle": "default", "default": {"modules": [
                  {"type": "workDir", "icon": "D", "text": "{{workDirName}}", "color": "#ff5733"},
                  {"type": "weather", "text": "{{forecast}} sunny", "color": "red"},
                  {"type": "model", "text": "[{{model}}]", "color": "bright_cyan", "background": "bg_blue"},
                  {"type": "usage", "text": "{{inputTokens}}/{{outputTokens}}", "color": "bg_#0f0"},
                  {"type": "cost", "text": "{{cost}}"},
                  {"type": "duration", "text": "{{duration}}", "color": "no-such-colour"},
                  {"type": "lines", "text": "+{{linesAdded}}/-{{linesRemoved}}", "color": "green"}
                ]}}
                """);

        CliRun run = run(status(project.resolve("src/deep").toString()));

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .isEqualTo(E + "38;2;255;87;51mD deep" + R + " " + E + "44m" + E + "96m[glm-4.6]" + R + " " + E
                        + "38;2;0;255;0m12.3k/456" + R + " $0.12 2m34s " + E + "32m+150/-25" + R + "\n");
    }

    @Test
    void drawsThePowerlineStyleAsBlocksJoinedByArrows() throws Exception {
        config("""
                {"enabled": true, "currentStyle": "powerline", "powerline": {"modules": [
                  {"type": "gitBranch", "text": "{{gitBranch}}", "color": "black", "background": "bg_bright_magenta"},
                  {"type": "model", "text": "{{model}}", "background": "#102030"}
                ]}}
                """);

        CliRun run = run(status(project.toString()));

        assertThat(run.out())
                .isEqualTo(E + "105m" + E + "30m feature/auth " + E + "95m" + E + "48;2;16;32;48m\uE0B0" + E
                        + "48;2;16;32;48m" + E + "37m glm-4.6 " + R + E + "38;2;16;32;48m\uE0B0" + R + "\n");
    }

    @Test
    void leavesOutWhatIsUnknownOutsideARepositoryAndWithoutATranscript() throws Exception {
        Path plain = Files.createDirectories(work.resolve("plain"));

        CliRun run = run("{\"cwd\":\"" + plain + "\",\"model\":{\"id\":\"m\",\"display_name\":\"Sonnet 4.5\"}}");

        assertThat(run.out()).isEqualTo(E + "94mplain" + R + " " + E + "96mSonnet 4.5" + R + "\n");
    }

    @Test
    void aBrokenStdinStillPrintsALineAndExitsZero() {
        CliRun run = run("{\"cwd\": nope");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).endsWith("\n").hasSizeGreaterThan(1);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aBrokenConfigDrawsTheDefaultTheme() throws Exception {
        Files.writeString(home.resolve("config.json"), "{\"StatusLine\": {\"enabled\": tru");

        CliRun run = run(status(project.toString()));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith(E + "94mmy-project" + R + " ");
    }

    @Test
    void aDisabledStatusLineDrawsTheDefaultThemeWithNerdFontIcons() throws Exception {
        config("{\"enabled\": false, \"default\": {\"modules\": [{\"type\": \"model\", \"text\": \"{{model}}\"}]}}");
        env.remove("USE_SIMPLE_ICONS");

        CliRun run = run(status(project.toString()));

        assertThat(run.out()).startsWith(E + "94m\uDB80\uDE4B my-project" + R + " " + E + "95m\uE725 feature/auth" + R);
    }

    @Test
    void readsTheBranchOfAWorktreeAndTheCommitOfADetachedHead() throws Exception {
        Path gitDir = Files.createDirectories(work.resolve("main/.git/worktrees/wt"));
        Files.writeString(gitDir.resolve("HEAD"), "0123456789abcdef0123456789abcdef01234567\n");
        Path wt = Files.createDirectories(work.resolve("wt"));
        Files.writeString(wt.resolve(".git"), "gitdir: " + gitDir + "\n");

        assertThat(GitBranch.of(wt)).isEqualTo("0123456");
        assertThat(GitBranch.of(project.resolve("src/deep"))).isEqualTo("feature/auth");
        assertThat(GitBranch.of(work.resolve("elsewhere"))).isEmpty();
    }

    @Test
    void readsTheTranscriptsTailAndFurtherBackOnlyWhenTheLastAnswerIsNotInIt() throws Exception {
        String big = "{\"type\":\"user\",\"message\":{\"content\":\"" + "x".repeat(Transcript.TAIL_BYTES) + "\"}}";
        Files.writeString(
                transcript,
                "{\"type\":\"assistant\",\"message\":{\"model\":\"early\",\"usage\":{}}}\n" + big
                        + "\n{\"type\":\"assistant\",\"message\":{\"model\":\"late\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1500}}}\n");
        assertThat(Transcript.read(transcript)).isEqualTo(new Transcript("late", 5, 1500));

        Files.writeString(
                transcript, "{\"type\":\"assistant\",\"message\":{\"model\":\"early\",\"usage\":{}}}\n" + big + "\n");
        assertThat(Transcript.read(transcript)).isEqualTo(new Transcript("early", -1, -1));

        // an answer that wrote a big file is one line longer than the tail
        String wrote = "{\"type\":\"assistant\",\"message\":{\"model\":\"writer\",\"content\":[{\"type\":\"tool_use\","
                + "\"input\":{\"content\":\"" + "y".repeat(Transcript.TAIL_BYTES)
                + "\"}}],\"usage\":{\"input_tokens\":7,"
                + "\"output_tokens\":9000}}}";
        Files.writeString(transcript, wrote + "\n");
        assertThat(Transcript.read(transcript)).isEqualTo(new Transcript("writer", 7, 9000));
    }

    @Test
    void formatsTokensAndDurationsAsCcrDoes() {
        assertThat(StatusVariables.tokens(1000)).isEqualTo("1000");
        assertThat(StatusVariables.tokens(12345)).isEqualTo("12.3k");
        assertThat(StatusVariables.tokens(2_500_000)).isEqualTo("2.5M");
        assertThat(StatusVariables.duration(34_000)).isEqualTo("34s");
        assertThat(StatusVariables.duration(3_720_000)).isEqualTo("1h2m");
    }

    @Test
    void drawsCcrsContextModuleFromClaudeCodesContextWindow() throws Exception {
        config("""
                {"enabled": true, "currentStyle": "default", "default": {"modules": [
                  {"type": "context", "text": "{{contextPercent}}% / {{contextWindowSize}}"},
                  {"type": "context", "text": "in {{totalInputTokens}} out {{totalOutputTokens}}"},
                  {"type": "lines", "text": "{{netLines}}"}
                ]}}
                """);
        String withWindow = status(project.toString())
                .replace(
                        "\"version\":\"2.0.1\",",
                        "\"version\":\"2.0.1\","
                                + "\"context_window\":{\"total_input_tokens\":15234,\"total_output_tokens\":4521,\"context_window_size\":200000,"
                                + "\"current_usage\":{\"input_tokens\":8500,\"output_tokens\":1200,\"cache_creation_input_tokens\":5000,"
                                + "\"cache_read_input_tokens\":2000}},");

        assertThat(run(withWindow).out())
                .as("the transcript's glm-4.6 has a 204800-token window")
                .isEqualTo("8% / 205k in 15.2k out 4.5k 125\n");
        assertThat(run(status(project.toString())).out())
                .as("an older Claude Code sends no context_window")
                .isEqualTo("125\n");
        String beforeFirstAnswer = status(project.toString())
                .replace(
                        "\"version\":\"2.0.1\",",
                        "\"version\":\"2.0.1\","
                                + "\"context_window\":{\"context_window_size\":1000000,\"current_usage\":null},");
        assertThat(run(beforeFirstAnswer).out())
                .as("not the 1M Claude Code assumes")
                .isEqualTo("0% / 205k 125\n");
    }

    @Test
    void countsTheContextAgainstTheWindowConfigGivesTheModelThatAnswered() throws Exception {
        Files.writeString(home.resolve("config.json"), """
                {"Providers": [{"name": "z", "api_base_url": "https://z.example/v1/chat/completions", "api_key": "k",
                   "models": [{"name": "glm-4.6", "context": 64000}]}],
                 "Router": {"default": "z,glm-4.6"},
                 "StatusLine": {"enabled": true, "currentStyle": "default", "default": {"modules": [
                   {"type": "context", "text": "{{contextPercent}}% / {{contextWindowSize}}"}]}}}
                """);
        String claudeAssumes1M = status(project.toString())
                .replace(
                        "\"version\":\"2.0.1\",",
                        "\"version\":\"2.0.1\","
                                + "\"context_window\":{\"context_window_size\":1000000,\"current_usage\":{\"input_tokens\":300,"
                                + "\"cache_read_input_tokens\":12000,\"cache_creation_input_tokens\":0}},");

        assertThat(run(claudeAssumes1M).out()).isEqualTo("19% / 64k\n");
    }

    @Test
    void aModelSwitchToAnotherWindowShowsHowToRestartClaudeCodeWithIt() throws Exception {
        Files.writeString(home.resolve("config.json"), """
                {"Providers": [{"name": "ds", "api_base_url": "https://ds.example/v1/chat/completions", "api_key": "k",
                   "models": ["deepseek-chat", {"name": "big", "context": 400000}]}],
                 "Router": {"default": "ds,deepseek-chat"},
                 "StatusLine": {"enabled": true, "currentStyle": "default", "default": {"modules": [
                   {"type": "model", "text": "{{model}}"}]}}}
                """);
        // what router code told this Claude Code: DeepSeek's 128000 less the margin; the status line inherits it
        env.put("CLAUDE_CODE_MAX_CONTEXT_TOKENS", "120000");
        String noTranscript = status(project.toString()).replace(transcript.toString(), "");

        assertThat(run(noTranscript).out())
                .as("Claude Code's own name: the routes")
                .isEqualTo("Sonnet 4.5\n");
        assertThat(run(noTranscript.replace("claude-sonnet-4-5", "ds,deepseek-chat"))
                        .out())
                .isEqualTo("Sonnet 4.5\n");
        assertThat(run(noTranscript.replace("claude-sonnet-4-5", "ds,big")).out())
                .isEqualTo("Sonnet 4.5  \u26a0 ds,big: 400k window, Claude Code compacts within 120000;"
                        + " restart: router code --continue --model ds,big\n");
    }

    @Test
    void runsCcrsScriptModulesWithTheValuesAndTheirOptions() throws Exception {
        NodeJs.assumeInstalled();
        env.put("ROUTER_STATUSLINE_SCRIPT_MS", "20000"); // room for four node starts on a loaded machine
        Files.writeString(
                home.resolve("speed.js"), "module.exports = (vars, options) => vars.model + options.suffix;\n");
        Files.writeString(
                work.resolve("async.js"),
                "module.exports.default = async vars => { await new Promise(r => setTimeout(r, 10)); return 'in ' + vars.workDirName; };\n");
        Files.writeString(
                work.resolve("timer.js"),
                "module.exports = () => { setTimeout(() => {}, 60000); console.log('debug'); return 'done\\nsecond line'; };\n");
        Files.writeString(work.resolve("throws.js"), "module.exports = () => { throw new Error('no'); };\n");
        config("""
                {"enabled": true, "currentStyle": "default", "default": {"modules": [
                  {"type": "script", "scriptPath": "speed.js", "options": {"suffix": "!"}},
                  {"type": "script", "scriptPath": "%s"},
                  {"type": "script", "scriptPath": "%s"},
                  {"type": "script", "scriptPath": "%s"},
                  {"type": "script", "scriptPath": "no-such-file.js"},
                  {"type": "script"}
                ]}}
                """.formatted(work.resolve("async.js"), work.resolve("timer.js"), work.resolve("throws.js")));

        CliRun run = run(status(project.toString()));

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .as("a module that fails or has no script is left out; one that leaves a timer "
                        + "running or logs still counts, with its first line")
                .isEqualTo("glm-4.6! in my-project done\n");
    }

    @Test
    void scriptsThatDoNotAnswerShareOneBudget() throws Exception {
        NodeJs.assumeInstalled();
        // the timer keeps node alive: a promise that never settles alone lets node exit at once
        Files.writeString(
                work.resolve("hangs.js"),
                "module.exports = () => new Promise(() => { setInterval(() => {}, 1000); });\n");
        config("""
                {"enabled": true, "currentStyle": "default", "default": {"modules": [
                  {"type": "workDir", "text": "{{workDirName}}"},
                  {"type": "script", "scriptPath": "%s"},
                  {"type": "script", "scriptPath": "%s"}
                ]}}
                """.formatted(work.resolve("hangs.js"), work.resolve("hangs.js")));
        // a budget of 4 s rather than the default second: a second each would take 8 s, 4 s to spare for a busy machine
        env.put("ROUTER_STATUSLINE_SCRIPT_MS", "4000");

        long started = System.nanoTime();
        CliRun run = run(status(project.toString()));

        assertThat(run.out()).isEqualTo("my-project\n");
        assertThat(java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                .as("two hanging scripts share one budget")
                .isLessThan(8_000);
    }

    @Test
    void drawsCcrsSpeedModuleFromTheDaemonsLastAnswerInTheSession() throws Exception {
        Files.writeString(home.resolve("config.json"), """
                {"APIKEY": "k-123", "Providers": [], "StatusLine": {"enabled": true, "currentStyle": "default",
                  "default": {"modules": [{"type": "speed", "text": "{{tokenSpeed}} t/s {{isStreaming}} {{timeToFirstToken}}"}]}}}
                """);
        assertThat(run(status(project.toString())).out())
                .as("no daemon: 0, as ccr shows a stale rate")
                .isEqualTo("0 t/s  \n");

        try (FakeDaemon daemon = new FakeDaemon(home, home.resolve("config.json"))) {
            assertThat(run(status(project.toString())).out()).isEqualTo("42 t/s streaming 850ms\n");
            assertThat(daemon.requests)
                    .anyMatch(r -> r.startsWith("GET /api/sessions/abcdef123456/speed ") && r.endsWith("admin=ok"));
        }
        assertThat(StatusSpeed.duration(1_250)).isEqualTo("1.3s");
        assertThat(StatusSpeed.duration(65_000)).isEqualTo("1m5s");
    }
}
