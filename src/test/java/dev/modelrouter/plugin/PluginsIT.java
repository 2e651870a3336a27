package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transformer chain and a plugin jar in a running daemon: the example plugin (built from its
 * sources into $ROUTER_HOME/plugins) routes "/cheap" requests and prefixes the system prompt, next to
 * built-in transformers from config.json.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PluginsIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        Path home;
        try {
            home = Files.createTempDirectory("router-home");
            Files.createDirectories(home.resolve("plugins"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PluginJars.fromProject(
                Path.of("plugins/example-transformer"), home.resolve("plugins"), "example-transformer.jar");
        String json = """
                {"Providers": [
                  {"name": "deepseek", "api_base_url": "%1$s/chat/completions", "api_key": "sk-ds",
                   "models": ["deepseek-chat"],
                   "transformer": {"use": ["deepseek", ["example-prefix", {"prefix": "PLUGIN-PREFIX"}]],
                                   "deepseek-chat": {"use": [["customparams", {"seed": 7}]]}}},
                  {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "sk-anth", "models": ["claude-up"],
                   "transformer": {"use": ["anthropic", "cleancache"]}}],
                 "Router": {"default": "anth,claude-up"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    private WebTestClient client() {
        return LocalRouter.client(port);
    }

    private static String request(String text) {
        return "{\"model\":\"claude-sonnet-5-5\",\"max_tokens\":32000,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\","
                + "\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
    }

    @Test
    void aRewritingTransformerTakesTheCanonicalPathEvenBetweenAnthropicEnds() {
        UPSTREAM.enqueue(Reply.json(
                200,
                "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-up\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}"));
        client().post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("hello"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody()
                .jsonPath("$.content[0].text")
                .isEqualTo("ok");
        assertThat(UPSTREAM.last().bodyText())
                .contains("\"model\":\"claude-up\"")
                .doesNotContain("cache_control");
    }

    @Test
    void aPluginRouteRuleAndTransformerWorkAlongsideBuiltIns() {
        UPSTREAM.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"deepseek-chat\","
                                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"cheap answer\"},\"finish_reason\":\"stop\"}]}"));
        client().post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request("/cheap what is 2+2"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "custom deepseek,deepseek-chat")
                .expectBody()
                .jsonPath("$.content[0].text")
                .isEqualTo("cheap answer");
        JsonNode sent = JSON.readTree(UPSTREAM.last().body());
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(8192);
        assertThat(sent.get("seed").asInt()).isEqualTo(7);
        assertThat(sent.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertThat(sent.get("messages").get(0).get("content").asString()).startsWith("PLUGIN-PREFIX");
    }
}
