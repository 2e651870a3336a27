package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code router NAME} and {@code router code --preset NAME}, black-box, against a stand-in daemon and claude. */
class PresetRunTest {

    @TempDir
    Path home;

    Path record;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void mainConfigPresetAndFakeClaude() throws Exception {
        Files.writeString(home.resolve("config.json"), CliTest.CONFIG.formatted(3456));
        Path source = Files.createDirectories(home.resolve("source"));
        Files.writeString(source.resolve("manifest.json"), """
                {name: "work", version: "1.0.0",
                 Providers: [{name: "ds", api_base_url: "http://127.0.0.1:9/v1/chat/completions",
                              api_key: "{{ds_key}}", models: ["chat"]}],
                 Router: {default: "ds,chat"},
                 schema: [{id: "ds_key", type: "password"}]}
                """);
        record = home.resolve("record");
        Path claude = home.resolve("fake-claude");
        Files.writeString(claude, """
                #!/bin/sh
                for a in "$@"; do printf '%%s\\0' "$a" >> '%1$s.args'; done
                env > '%1$s.env'
                exit 7
                """.formatted(record));
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwx------"));
        env.put("ROUTER_HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("CLAUDE_PATH", claude.toString());
        CliRun install = CliRun.of(env, "preset", "install", source.toString(), "--input", "ds_key=sk-ds-given");
        assertThat(install.exit()).as(install.err()).isZero();
    }

    @Test
    void routerPresetNameRunsClaudeCodeAgainstThePresetsOwnDaemonWithItsArguments() throws Exception {
        Path presetHome = home.resolve("presets/work");
        String[] args = PresetRun.expand(
                env, new String[] {"work", "-p", "hi", "--model", "x"}, RouterCli.SUBCOMMANDS.keySet());
        assertThat(args).containsExactly("code", "--preset", "work", "-p", "hi", "--model", "x");
        // the first run writes the preset's config; a stand-in daemon then runs in its folder
        PresetRun.prepare(env, "work");

        try (FakeDaemon daemon = new FakeDaemon(presetHome, presetHome.resolve("config.json"))) {
            CliRun run = CliRun.of(env, args);

            assertThat(run.exit()).as(run.err()).isEqualTo(7);
            String recorded = Files.readString(Path.of(record + ".args"));
            assertThat(Arrays.asList(
                            recorded.substring(0, recorded.length() - 1).split("\0", -1)))
                    .isEqualTo(List.of("-p", "hi", "--model", "x"));
            assertThat(CliRun.of(env, "preset", "delete", "work").err()).contains("has a router running");
            String seen = Files.readString(Path.of(record + ".env"));
            assertThat(seen)
                    .contains(
                            "ANTHROPIC_BASE_URL=http://127.0.0.1:" + daemon.port() + "\n",
                            "ANTHROPIC_AUTH_TOKEN=k-123\n");
        }
        Path config = presetHome.resolve("config.json");
        JsonNode written = CliJson.read(Files.readString(config));
        assertThat(written.at("/Providers/0/api_key").asString()).isEqualTo("sk-ds-given");
        assertThat(written.path("APIKEY").asString()).isEqualTo("k-123");
        assertThat(written.path("PORT").asInt()).isPositive().isNotEqualTo(3456);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        int port = written.path("PORT").asInt();
        PresetRun.prepare(env, "work");
        assertThat(CliJson.read(Files.readString(config)).path("PORT").asInt()).isEqualTo(port);
    }

    @Test
    void subcommandsOptionsAndNamesOfNoPresetAreLeftAlone() {
        for (String[] args : List.of(
                new String[] {"status"},
                new String[] {"--version"},
                new String[] {"nothing"},
                new String[] {"../work"},
                new String[] {})) {
            assertThat(PresetRun.expand(env, args, RouterCli.SUBCOMMANDS.keySet()))
                    .isEqualTo(args);
        }
    }

    @Test
    void codeWithAPresetThatIsNotInstalledSaysSoAndRunsNothing() {
        CliRun run = CliRun.of(env, "code", "--preset=missing", "-p", "hi");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no preset 'missing'");
        assertThat(Path.of(record + ".args")).doesNotExist();
    }

    private Path install(String name, String manifest) throws Exception {
        Path source = Files.createDirectories(home.resolve("source-" + name));
        Files.writeString(source.resolve("manifest.json"), manifest);
        CliRun install = CliRun.of(env, "preset", "install", source.toString(), "--input", "key=sk-given");
        assertThat(install.exit()).as(install.err()).isZero();
        return home.resolve("presets").resolve(name);
    }

    private List<String> recordedArgs() throws Exception {
        String recorded = Files.readString(Path.of(record + ".args"));
        return Arrays.asList(recorded.substring(0, recorded.length() - 1).split("\0", -1));
    }

    @Test
    void aNoServerPresetRunsClaudeCodeStraightAgainstItsFirstProviderWithoutAnyRouter() throws Exception {
        Path folder = install("direct", """
                {name: "direct", noServer: true,
                 Providers: [{name: "glm", api_base_url: "https://open.example.com/api/anthropic/v1/messages",
                              api_key: "{{key}}", models: ["glm-4.6"]}],
                 Router: {default: "glm,glm-4.6"},
                 schema: [{id: "key", type: "password"}]}
                """);

        CliRun run = CliRun.of(
                env, PresetRun.expand(env, new String[] {"direct", "-p", "hi"}, RouterCli.SUBCOMMANDS.keySet()));

        assertThat(run.exit()).as(run.err()).isEqualTo(7);
        assertThat(recordedArgs()).containsExactly("-p", "hi");
        String seen = Files.readString(Path.of(record + ".env"));
        assertThat(seen)
                .contains(
                        "ANTHROPIC_BASE_URL=https://open.example.com/api/anthropic\n",
                        "ANTHROPIC_AUTH_TOKEN=sk-given\n",
                        "DISABLE_TELEMETRY=true\n");
        assertThat(folder.resolve("router.pid")).as("no daemon was started").doesNotExist();
        assertThat(Files.readString(folder.resolve("config.json"))).doesNotContain("noServer");
    }

    @Test
    void aNoServerPresetNamingAProviderUsesTheMainConfigsProviderOfThatName() throws Exception {
        Files.writeString(home.resolve("config.json"), """
                {"APIKEY": "k-123", "Providers": [{"name": "anth", "api_base_url": "https://api.example.com/",
                  "api_key": "sk-main", "models": ["m"]}], "Router": {"default": "anth,m"}}
                """);
        install("named", "{name: \"named\", noServer: true, provider: \"anth\"}");

        CliRun run = CliRun.of(env, "code", "--preset", "named");

        assertThat(run.exit()).as(run.err()).isEqualTo(7);
        assertThat(Files.readString(Path.of(record + ".env")))
                .contains("ANTHROPIC_BASE_URL=https://api.example.com\n", "ANTHROPIC_AUTH_TOKEN=sk-main\n");
        assertThat(CliRun.of(env, "code", "--preset", "nowhere").exit()).isEqualTo(1);
        install("nowhere", "{name: \"nowhere\", noServer: true, provider: \"gone\"}");
        CliRun missing = CliRun.of(env, "code", "--preset", "nowhere");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("provider gone");
    }

    @Test
    void aPresetsClaudeCodeSettingsAreMergedIntoTheSettingsClaudeCodeGets() throws Exception {
        install("tuned", """
                {name: "tuned", noServer: true,
                 Providers: [{name: "p", api_base_url: "https://p.example.com/v1/messages", api_key: "{{key}}",
                              models: ["m"]}],
                 claudeCodeSettings: {env: {ANTHROPIC_MODEL: "m", API_TIMEOUT_MS: "3000000"},
                                      permissions: {allow: ["Bash(ls:*)"]}},
                 schema: [{id: "key", type: "password"}]}
                """);

        CliRun run = CliRun.of(env, "code", "--preset", "tuned", "-p", "hi");

        assertThat(run.exit()).as(run.err()).isEqualTo(7);
        List<String> args = recordedArgs();
        assertThat(args.get(0)).isEqualTo("--settings");
        JsonNode settings = CliJson.read(args.get(1));
        assertThat(settings.at("/env/ANTHROPIC_MODEL").asString()).isEqualTo("m");
        assertThat(settings.at("/permissions/allow/0").asString()).isEqualTo("Bash(ls:*)");
        assertThat(args.subList(2, args.size())).containsExactly("-p", "hi");
        assertThat(Files.readString(Path.of(record + ".env")))
                .contains("ANTHROPIC_MODEL=m\n", "API_TIMEOUT_MS=3000000\n");
    }
}
