package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.spi.RouteRule.RouteContext;
import dev.modelrouter.spi.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** Builds {@code plugins/example-transformer} from its sources, loads the jar and runs what it provides. */
class ExamplePluginTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Path PROJECT = Path.of("plugins", "example-transformer");
    private static final Route ROUTE = new Route("deepseek", "deepseek-chat", Scenario.DEFAULT);
    private static final RouteContext CONTEXT = new RouteContext(1200, Optional.empty(), "anthropic");

    @TempDir
    static Path dir;

    private static Path plugins;

    @BeforeAll
    static void buildTheExample() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.fromProject(PROJECT, plugins, "example-transformer.jar");
    }

    @Test
    void loadsTheExampleTransformerAndRouteRuleFromAPluginsFolder() {
        LoadedPlugins loaded = new PluginLoader().load(List.of(plugins), MissingNode.getInstance(), dir);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.factories())
                .extracting(PluginTransformerFactory::name, PluginTransformerFactory::jar)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("example-prefix", "example-transformer.jar"));
        assertThat(loaded.routeRules()).extracting(GuardedRouteRule::jar).containsExactly("example-transformer.jar");
    }

    @Test
    void prefixTransformerPutsItsTextBeforeTheSystemPrompt() {
        PluginTransformerFactory factory = load().factories().get(0);

        Transformer transformer = factory.create(json("{\"prefix\": \"Answer in French.\"}"));
        ChatRequest out = transformer.transformRequest(request("You are Claude Code.", "hello"), ROUTE);

        assertThat(out.system())
                .extracting(Content.Text::text)
                .containsExactly("Answer in French.", "You are Claude Code.");
    }

    @Test
    void prefixTransformerRejectsMissingOptionsNamingTheJar() {
        PluginTransformerFactory factory = load().factories().get(0);

        assertThatThrownBy(() -> factory.create(JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("example-prefix")
                .hasMessageContaining("example-transformer.jar")
                .hasMessageContaining("\"prefix\" option");
    }

    @Test
    void optionsOfATransformersEntryAreTheDefaultsWhenUseGivesNone() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("home"));
        JsonNode transformers = json("[{\"path\": \"../plugins/example-transformer.jar\","
                + " \"options\": {\"prefix\": \"From config.\"}}]");

        LoadedPlugins loaded = new PluginLoader().load(List.of(), transformers, configDir);
        PluginTransformerFactory factory = loaded.factories().get(0);

        assertThat(loaded.problems()).isEmpty();
        assertThat(factory.create(JSON.createObjectNode())
                        .transformRequest(request("S", "hi"), ROUTE)
                        .system())
                .extracting(Content.Text::text)
                .containsExactly("From config.", "S");
        assertThat(factory.create(json("{\"prefix\": \"From use.\"}"))
                        .transformRequest(request("S", "hi"), ROUTE)
                        .system())
                .extracting(Content.Text::text)
                .containsExactly("From use.", "S");
    }

    @Test
    void aJarInAFolderAndInTransformersLoadsOnceWithTheConfiguredOptions() {
        JsonNode transformers =
                json("[{\"path\": \"plugins/example-transformer.jar\", \"options\": {\"prefix\": \"P\"}}]");

        LoadedPlugins loaded = new PluginLoader().load(List.of(plugins), transformers, dir);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.factories()).hasSize(1);
        assertThat(loaded.factories().get(0).defaultOptions())
                .map(Object::toString)
                .contains("{\"prefix\":\"P\"}");
    }

    @Test
    void cheapRouteRuleRoutesSlashCheapToItsTargetAndLeavesTheRestToTheScenarios() {
        GuardedRouteRule rule = load().routeRules().get(0);

        assertThat(rule.route(request("S", "/cheap rename this variable"), CONTEXT))
                .contains("deepseek,deepseek-chat");
        assertThat(rule.route(request("S", "refactor the module"), CONTEXT)).isEmpty();
    }

    @Test
    void cheapRouteRuleTargetComesFromASystemProperty() {
        GuardedRouteRule rule = load().routeRules().get(0);
        System.setProperty("example.cheap.target", "ollama,qwen2.5-coder");
        try {
            assertThat(rule.route(request("S", "/cheap list files"), CONTEXT)).contains("ollama,qwen2.5-coder");
        } finally {
            System.clearProperty("example.cheap.target");
        }
    }

    private static LoadedPlugins load() {
        return new PluginLoader().load(List.of(plugins), MissingNode.getInstance(), dir);
    }

    private static ChatRequest request(String system, String userText) {
        return ChatRequest.builder()
                .model("claude-sonnet-4-5")
                .system(List.of(Content.Text.of(system)))
                .addMessage(new Message(
                        Role.USER,
                        List.of(Content.Text.of("<system-reminder>x</system-reminder>"), Content.Text.of(userText))))
                .build();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
