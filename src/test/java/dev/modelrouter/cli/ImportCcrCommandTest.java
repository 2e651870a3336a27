package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.testing.NodeJs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code router import ccr}, black-box: a ccr 2.x folder as users have it, imported into $ROUTER_HOME. */
class ImportCcrCommandTest {

    // JSON5 with comments, paths written the ways ccr users write them
    static final String CCR_CONFIG = """
            {
              // my router
              APIKEY: "$ROUTER_KEY",
              LOG: true,
              transformers: [
                {path: "~/.claude-code-router/plugins/rewriter.js", options: {maxTokens: 77}},
                {path: "$HOME/.claude-code-router/plugins/typed.ts"},
              ],
              CUSTOM_ROUTER_PATH: "~/.claude-code-router/custom-router.js",
              Providers: [
                {name: "deepseek", api_base_url: "https://api.deepseek.com/chat/completions",
                 api_key: "$DEEPSEEK_KEY", models: ["deepseek-chat"], transformer: {use: ["deepseek", "rewriter"]}},
              ],
              Router: {default: "deepseek,deepseek-chat", background: "deepseek,deepseek-chat"},
            }
            """;

    static final String REWRITER = """
            module.exports = class { name = 'rewriter'; constructor(o) { this.o = o; }
              transformRequestIn(r) { r.max_tokens = this.o.maxTokens; return r; } };
            """;

    @TempDir
    Path tmp;

    Path user;
    Path ccr;
    Path routerHome;
    Map<String, String> env;

    @BeforeEach
    void ccrFolder() throws IOException {
        user = tmp.resolve("me");
        ccr = Files.createDirectories(user.resolve(".claude-code-router"));
        routerHome = tmp.resolve("router-home");
        Files.writeString(ccr.resolve("config.json"), CCR_CONFIG);
        Files.createDirectories(ccr.resolve("plugins/lib"));
        Files.writeString(ccr.resolve("plugins/rewriter.js"), REWRITER);
        Files.writeString(ccr.resolve("plugins/lib/helper.js"), "module.exports = {};");
        Files.writeString(ccr.resolve("custom-router.js"), "module.exports = async () => null;");
        Files.createDirectories(ccr.resolve("presets/work"));
        Files.writeString(ccr.resolve("presets/work/manifest.json"), "{\"name\":\"work\"}");
        Files.createDirectories(ccr.resolve("-home-me-proj"));
        Files.writeString(
                ccr.resolve("-home-me-proj/config.json"), "{\"Router\":{\"default\":\"deepseek,deepseek-chat\"}}");
        Files.createDirectories(ccr.resolve("logs"));
        Files.writeString(ccr.resolve("logs/ccr-1.log"), "noise");
        env = Map.of(
                "HOME",
                user.toString(),
                "ROUTER_HOME",
                routerHome.toString(),
                "DEEPSEEK_KEY",
                "sk-ds",
                "ROUTER_KEY",
                "sk-router");
    }

    @Test
    void importsConfigPluginsPresetsScriptAndProjectsWithPathsRewrittenAndValidates() throws IOException {
        NodeJs.assumeInstalled();

        CliRun run = CliRun.of(env, "import", "ccr");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(routerHome.resolve("plugins/rewriter.js")).hasContent(REWRITER.strip());
        assertThat(routerHome.resolve("plugins/lib/helper.js")).exists();
        assertThat(routerHome.resolve("presets/work/manifest.json")).exists();
        assertThat(routerHome.resolve("-home-me-proj/config.json")).exists();
        assertThat(routerHome.resolve("logs/ccr-1.log")).doesNotExist();
        JsonNode config = JsonMapper.builder().build().readTree(Files.readString(routerHome.resolve("config.json")));
        assertThat(config.path("transformers").get(0).path("path").asString())
                .isEqualTo(routerHome.resolve("plugins/rewriter.js").toString());
        assertThat(config.path("transformers")
                        .get(0)
                        .path("options")
                        .path("maxTokens")
                        .asInt())
                .isEqualTo(77);
        assertThat(config.path("CUSTOM_ROUTER_PATH").asString())
                .isEqualTo(routerHome.resolve("custom-router.js").toString());
        assertThat(routerHome.resolve("custom-router.js")).exists();
        // secrets stay references, as the user wrote them
        assertThat(config.path("Providers").get(0).path("api_key").asString()).isEqualTo("$DEEPSEEK_KEY");
        assertThat(run.out())
                .contains("imported claude-code-router from " + ccr + " into " + routerHome)
                .contains("presets: work")
                .contains("projects' routes: -home-me-proj")
                .contains("transformers[0].path: ~/.claude-code-router/plugins/rewriter.js → "
                        + routerHome.resolve("plugins/rewriter.js"))
                .contains("valid: 1 providers")
                .contains("will not work as in ccr:")
                .contains("config.json: it is written back as plain JSON, so its comments are not kept")
                .contains("transformers[1].path $HOME/.claude-code-router/plugins/typed.ts: TypeScript does not load");
    }

    @Test
    void refusesToReplaceAnExistingSetupWithoutForceAndKeepsABackupWithIt() throws IOException {
        NodeJs.assumeInstalled();
        Files.createDirectories(routerHome.resolve("plugins"));
        Files.writeString(routerHome.resolve("config.json"), "{\"mine\": true}");
        Files.writeString(routerHome.resolve("plugins/rewriter.js"), "// my own");

        CliRun refused = CliRun.of(env, "import", "ccr");

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err())
                .contains("nothing imported")
                .contains(routerHome.resolve("config.json").toString())
                .contains(routerHome.resolve("plugins/rewriter.js").toString())
                .contains("--force");
        assertThat(routerHome.resolve("config.json")).hasContent("{\"mine\": true}");
        assertThat(routerHome.resolve("custom-router.js")).doesNotExist();

        CliRun forced = CliRun.of(env, "import", "ccr", "--force");

        assertThat(forced.exit()).as(forced.out() + forced.err()).isZero();
        assertThat(routerHome.resolve("plugins/rewriter.js")).hasContent(REWRITER.strip());
        List<String> backups = backups(routerHome);
        assertThat(backups)
                .anySatisfy(b -> assertThat(Files.readString(Path.of(b))).isEqualTo("{\"mine\": true}"));
        assertThat(backups)
                .anySatisfy(b -> assertThat(Files.readString(Path.of(b))).isEqualTo("// my own"));
        assertThat(forced.out()).contains("replaced, kept as:");
    }

    @Test
    void saysWhereItLookedWhenThereIsNoCcrConfig() {
        CliRun run = CliRun.of(
                Map.of("HOME", tmp.resolve("nobody").toString(), "ROUTER_HOME", routerHome.toString()),
                "import",
                "ccr");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err())
                .contains("no claude-code-router config at " + tmp.resolve("nobody/.claude-code-router/config.json"));
        assertThat(routerHome).doesNotExist();
    }

    @Test
    void aConfigThatDoesNotValidateIsImportedAndSaysWhy() throws IOException {
        NodeJs.assumeInstalled();
        Files.writeString(ccr.resolve("config.json"), CCR_CONFIG.replace("\"rewriter\"]", "\"nosuch\"]"));

        CliRun run = CliRun.of(env, "import", "ccr", "--from", ccr.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(routerHome.resolve("config.json")).exists();
        assertThat(run.out())
                .contains("unknown transformer 'nosuch'")
                .contains("fix " + routerHome.resolve("config.json"));
    }

    @Test
    void aFirstStartWithoutAConfigPointsAtTheCcrOne() {
        assertThat(CcrImport.hint(env))
                .hasValue("found a claude-code-router config in " + ccr + "; run `router import ccr` to use it");
        assertThat(CcrImport.hint(Map.of("HOME", tmp.resolve("nobody").toString())))
                .isEmpty();
    }

    private static List<String> backups(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".bak")
                            || p.getFileName().toString().startsWith("config.json."))
                    .map(Path::toString)
                    .toList();
        }
    }
}
