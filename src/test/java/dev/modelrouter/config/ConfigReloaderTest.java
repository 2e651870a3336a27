package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a reload and a write through the admin API ({@link ConfigReloader#replace}) let in force. */
class ConfigReloaderTest {

    private static final Map<String, String> ENV = Map.of("SCRIPTS", "/opt/scripts");

    @TempDir
    Path dir;

    private Path file;

    /** A valid config with {@code extra} (top-level members, each followed by a comma) added. */
    static String config(String extra) {
        return """
                {%s
                  "Providers": [{"name": "p", "api_base_url": "http://127.0.0.1:9/v1/chat/completions",
                                 "api_key": "k", "models": ["m1", "m2"]}],
                  "Router": {"default": "p,m1"}
                }
                """.formatted(extra);
    }

    private ConfigReloader start(String text) throws Exception {
        file = dir.resolve("config.json");
        Files.writeString(file, text);
        return new ConfigReloader(new LiveConfig(ConfigLoader.load(file, ENV)), file, ENV);
    }

    @Test
    void aReloadRefusesAHostBeyondLoopbackWhoseApiKeyNamesAnUnsetVariableAndKeepsTheOldConfig() throws Exception {
        ConfigReloader reloader = start(config("\"HOST\": \"0.0.0.0\", \"APIKEY\": \"router-key-123\","));

        Files.writeString(file, config("\"HOST\": \"0.0.0.0\", \"APIKEY\": \"${ROUTER_APIKEY}\","));
        ReloadResult result = reloader.reload("watch");

        assertThat(result.ok()).isFalse();
        assertThat(result.message())
                .contains("refusing to listen on 0.0.0.0 without APIKEY")
                .contains("previous config stays in force");
        assertThat(reloader.last()).isEqualTo(result);
        assertThat(reloader.live().current().apiKey()).isEqualTo("router-key-123");
    }

    @Test
    void aWriteThroughTheApiRefusesAHostBeyondLoopbackWhoseApiKeyNamesAnUnsetVariable() throws Exception {
        ConfigReloader reloader = start(config(""));
        String before = Files.readString(file);

        assertThatThrownBy(() ->
                        reloader.replace(config("\"HOST\": \"0.0.0.0\", \"APIKEY\": \"${ROUTER_APIKEY}\","), "api"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.HOST: refusing to listen on 0.0.0.0 without APIKEY");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    static Stream<Arguments> fileSettings() {
        return Stream.of(
                Arguments.of("CUSTOM_ROUTER_PATH", "\"CUSTOM_ROUTER_PATH\": \"%s\",", "$.CUSTOM_ROUTER_PATH"),
                Arguments.of("REWRITE_SYSTEM_PROMPT", "\"REWRITE_SYSTEM_PROMPT\": \"%s\",", "$.REWRITE_SYSTEM_PROMPT"),
                Arguments.of(
                        "transformers[].path", "\"transformers\": [{\"path\": \"%s\"}],", "$.transformers[0].path"),
                Arguments.of("CLAUDE_PATH", "\"CLAUDE_PATH\": \"%s\",", "$.CLAUDE_PATH"),
                Arguments.of(
                        "StatusLine scriptPath",
                        "\"StatusLine\": {\"default\": {\"modules\":"
                                + " [{\"type\": \"script\", \"scriptPath\": \"%s\"}]}},",
                        "$.StatusLine.default.modules[0].scriptPath"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileSettings")
    void aWriteThroughTheApiMayNotAddAFilePath(String name, String setting, String path) throws Exception {
        ConfigReloader reloader = start(config(""));
        String before = Files.readString(file);

        assertThatThrownBy(() -> reloader.replace(config(setting.formatted("/tmp/evil.js")), "api"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.json: " + path + ": " + path.substring(2) + " names a file, and the admin API may"
                        + " not add or change a file path; edit " + file + " on disk instead");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileSettings")
    void aWriteThroughTheApiMayNotChangeAFilePath(String name, String setting, String path) throws Exception {
        ConfigReloader reloader = start(config(setting.formatted("$SCRIPTS/mine.js")));

        assertThatThrownBy(() -> reloader.replace(config(setting.formatted("/tmp/evil.js")), "api"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(path + ": ");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileSettings")
    void aWriteThroughTheApiMayKeepOrDropTheFilePathsOnDisk(String name, String setting, String path) throws Exception {
        ConfigReloader reloader = start(config(setting.formatted("$SCRIPTS/mine.js")));

        // as written on disk, as GET /api/config shows it (interpolated), and relative to the config's folder
        assertThat(reloader.replace(
                                config(setting.formatted("$SCRIPTS/mine.js")).replace("m1", "m2"), "api")
                        .ok())
                .isTrue();
        assertThat(reloader.replace(config(setting.formatted("/opt/scripts/mine.js")), "api")
                        .ok())
                .isTrue();
        assertThat(reloader.replace(config(""), "api").ok()).isTrue();
    }

    @Test
    void aWriteThroughTheApiMayNotPointARelativePathElsewhere() throws Exception {
        ConfigReloader reloader = start(config("\"CUSTOM_ROUTER_PATH\": \"router.js\","));

        assertThat(reloader.replace(config("\"CUSTOM_ROUTER_PATH\": \"" + dir.resolve("router.js") + "\","), "api")
                        .ok())
                .isTrue();
        assertThatThrownBy(() -> reloader.replace(config("\"CUSTOM_ROUTER_PATH\": \"../router.js\","), "api"))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aRouteSwitchThroughTheApiKeepsTheFilePathsOnDisk() throws Exception {
        ConfigReloader reloader = start(config("\"CUSTOM_ROUTER_PATH\": \"$SCRIPTS/mine.js\","));

        assertThat(reloader.setRoute("think", "p,m2", "api").ok()).isTrue();
        assertThat(Files.readString(file)).contains("\"CUSTOM_ROUTER_PATH\": \"$SCRIPTS/mine.js\"");
    }

    @Test
    void aWriteThroughTheApiMayNotNameAFileWhileTheDiskHoldsNoConfig() throws Exception {
        file = dir.resolve("config.json");
        ConfigReloader reloader = new ConfigReloader(new LiveConfig(ConfigLoader.bundledExample(ENV)), file, ENV);

        assertThatThrownBy(() -> reloader.replace(config("\"CUSTOM_ROUTER_PATH\": \"/tmp/evil.js\","), "api"))
                .isInstanceOf(ConfigException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void variablesSaysWhetherEachMentionedVariableIsSetAndNothingMore() throws Exception {
        ConfigReloader reloader = new ConfigReloader(
                new LiveConfig(ConfigLoader.bundledExample(ENV)),
                dir.resolve("c.json"),
                Map.of("SET_ONE", "secret-value", "EMPTY_ONE", ""));

        Map<String, Boolean> vars = reloader.variables(
                "{\"a\": \"$SET_ONE\", \"b\": [\"${EMPTY_ONE}\", \"x-$NOT_SET\"], \"c\": \"$SET_ONE\"}");

        assertThat(vars)
                .containsExactly(
                        Map.entry("SET_ONE", true), Map.entry("EMPTY_ONE", false), Map.entry("NOT_SET", false));
    }
}
