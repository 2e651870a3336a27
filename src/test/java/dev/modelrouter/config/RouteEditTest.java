package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.Scenario;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteEditTest {

    private static final Path SOURCE = Path.of("config.json");

    private static final String CONFIG = """
            {
              // my providers
              Providers: [
                {name: 'ds', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: '$DS_KEY',
                 models: ['deepseek-chat', 'deepseek-reasoner']},
              ],
              "Router": {
                "default": "ds,deepseek-chat", // the main model
                "think": ["ds,deepseek-chat", "ds,deepseek-reasoner"],
              },
            }
            """;

    @Test
    void replacesOnlyTheValueAndKeepsCommentsAndVariables() throws Exception {
        String edited = RouteEdit.setRoute(CONFIG, "default", "DS,deepseek-reasoner", SOURCE, Map.of());

        assertThat(edited)
                .isEqualTo(CONFIG.replace(
                        "\"default\": \"ds,deepseek-chat\", // the main model",
                        "\"default\": \"ds,deepseek-reasoner\", // the main model"));
    }

    @Test
    void replacesAFallbackListWithTheSingleTarget() throws Exception {
        String edited = RouteEdit.setRoute(CONFIG, "THINK", "ds,deepseek-reasoner", SOURCE, Map.of());

        assertThat(edited).contains("\"think\": \"ds,deepseek-reasoner\",\n");
        assertThat(ConfigLoader.parse(edited, SOURCE, Map.of()).router().targets(Scenario.THINK))
                .containsExactly(new Target("ds", "deepseek-reasoner"));
    }

    @Test
    void addsAMissingScenarioAtTheTopOfRouter() throws Exception {
        String edited = RouteEdit.setRoute(CONFIG, "background", "ds,deepseek-chat", SOURCE, Map.of());

        RouterConfig config = ConfigLoader.parse(edited, SOURCE, Map.of());
        assertThat(config.router().targets(Scenario.BACKGROUND)).containsExactly(new Target("ds", "deepseek-chat"));
        assertThat(config.router().targets(Scenario.DEFAULT)).containsExactly(new Target("ds", "deepseek-chat"));
        assertThat(edited).contains("// the main model").contains("// my providers");
    }

    @Test
    void addsRouterWhenTheFileHasNone() {
        String text = "{\"Providers\": []}";

        String edited = RouteEdit.setRoute(text, Scenario.DEFAULT, new Target("a", "b"));

        assertThat(edited).isEqualTo("{\n  \"Router\": {\"default\": \"a,b\"},\"Providers\": []}");
    }

    @Test
    void addsToAnEmptyRouterWithoutATrailingComma() {
        assertThat(RouteEdit.setRoute("{\"Router\": {}}", Scenario.IMAGE, new Target("a", "b")))
                .isEqualTo("{\"Router\": {\n    \"image\": \"a,b\"}}");
    }

    @Test
    void keepsAByteOrderMark() {
        assertThat(RouteEdit.setRoute(
                        "\uFEFF{\"Router\": {\"default\": \"x,y\"}}", Scenario.DEFAULT, new Target("a", "b")))
                .isEqualTo("\uFEFF{\"Router\": {\"default\": \"a,b\"}}");
    }

    @Test
    void refusesUnknownScenarioProviderAndModelWithTheChoices() {
        assertThatThrownBy(() -> RouteEdit.setRoute(CONFIG, "thinking", "ds,deepseek-chat", SOURCE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "unknown scenario 'thinking'; use one of default, background, think, longContext, webSearch, image");
        assertThatThrownBy(() -> RouteEdit.setRoute(CONFIG, "think", "openai,gpt", SOURCE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown provider 'openai'; configured providers: ds");
        assertThatThrownBy(() -> RouteEdit.setRoute(CONFIG, "think", "ds,deepseek-v9", SOURCE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider 'ds' has no model 'deepseek-v9'; its models: deepseek-chat, deepseek-reasoner");
        assertThatThrownBy(() -> RouteEdit.setRoute(CONFIG, "think", "deepseek-chat", SOURCE, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected \"provider,model\", got \"deepseek-chat\"");
    }

    @Test
    void refusesToEditABrokenFile() {
        assertThatThrownBy(() -> RouteEdit.setRoute("{\"Router\": {", "default", "a,b", SOURCE, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 1, column");
    }
}
