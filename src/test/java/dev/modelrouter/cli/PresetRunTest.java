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
}
