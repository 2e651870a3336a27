package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
 * A ccr JavaScript transformer named by a config.json written while the daemon runs is loaded into node
 * and applied to the next request, with no restart; one dropped from the config is no longer applied;
 * and a config naming a file that is missing or throws while loading is refused naming the file, the
 * config in force staying. The file changes are picked up by the daemon's own config watcher.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScriptTransformerReloadIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final Path CONFIG = HOME.resolve("config.json");
    static final Path PLUGINS = HOME.resolve("plugins");
    static final JsonMapper JSON = JsonMapper.builder().build();

    // the transformer of the ccr-configs fixture, in @musistudio/llms' format: adds a header from its options
    static final Path TAG_HEADER =
            Path.of("src/test/resources/ccr-configs/custom-router-and-plugin/plugins/tag-header.js");

    static final String THROWS = """
            module.exports = class {
              name = 'needs-creds';
              constructor(options) { throw new Error('no credentials at ' + options.file); }
            };
            """;

    // leaves a mark when node loads it
    static final String MARKS = """
            const fs = require('node:fs');
            module.exports = class {
              name = 'marks';
              constructor(options) { fs.writeFileSync(options.mark, 'ran'); }
            };
            """;

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Files.createDirectories(PLUGINS);
        Files.copy(TAG_HEADER, PLUGINS.resolve("tag-header.js"));
        Files.writeString(PLUGINS.resolve("needs-creds.js"), THROWS);
        Files.writeString(PLUGINS.resolve("marks.js"), MARKS);
        Files.writeString(CONFIG, config("start", "", ""));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, CONFIG::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        NodeJs.assumeInstalled();
        client = LocalRouter.adminClient(port, HOME);
        UPSTREAM.otherwise(r -> Reply.chatHi());
    }

    /**
     * A config whose provider {@code p} uses {@code use} (a JSON list's inside) and whose
     * {@code transformers} list holds {@code transformers}; {@code generation} makes each text new to
     * the watcher.
     */
    static String config(String generation, String transformers, String use) {
        return """
                {
                  "generation": "%s",
                  "transformers": [%s],
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/v1/chat/completions", "api_key": "sk-p", "models": ["m"],
                     "transformer": {"use": [%s]}}
                  ],
                  "Router": {"default": "p,m"}
                }
                """.formatted(generation, transformers, UPSTREAM.url(), use);
    }

    static String tagHeader(String value) {
        return "{\"path\": \"" + PLUGINS.resolve("tag-header.js")
                + "\", \"options\": {\"header\": \"x-tag\", \"value\": \"" + value + "\"}}";
    }

    private JsonNode lastReload() {
        return JSON.readTree(LocalRouter.status(client)).path("lastReload");
    }

    /** Writes config.json and waits until the watcher has tried it; returns what the reload said. */
    private JsonNode writeAndAwaitReload(String text) throws IOException {
        String before = lastReload().path("at").asString();
        Files.writeString(CONFIG, text);
        AtomicReference<JsonNode> result = new AtomicReference<>();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode last = lastReload();
                    result.set(last);
                    return !last.path("at").asString().equals(before);
                });
        return result.get();
    }

    private ScriptedUpstream.Received turn() {
        int before = UPSTREAM.received().size();
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(UPSTREAM.received()).hasSize(before + 1);
        return UPSTREAM.last();
    }

    @Test
    void aTransformerNamedByAReloadedConfigIsAppliedAndOneDroppedIsNot() throws IOException {
        assertThat(writeAndAwaitReload(config("plain", "", "")).path("ok").asBoolean())
                .isTrue();
        assertThat(turn().headers()).doesNotContainKey("x-tag");

        JsonNode added = writeAndAwaitReload(config("tagged", tagHeader("one"), "\"tag-header\""));

        assertThat(added.path("ok").asBoolean()).as(added.toString()).isTrue();
        assertThat(turn().headers()).containsEntry("x-tag", "one");

        JsonNode changed = writeAndAwaitReload(config("retagged", tagHeader("two"), "\"tag-header\""));

        assertThat(changed.path("ok").asBoolean()).as(changed.toString()).isTrue();
        assertThat(turn().headers()).containsEntry("x-tag", "two");

        JsonNode dropped = writeAndAwaitReload(config("untagged", "", ""));

        assertThat(dropped.path("ok").asBoolean()).as(dropped.toString()).isTrue();
        assertThat(turn().headers()).doesNotContainKey("x-tag");
    }

    @Test
    void aReloadNamingAMissingTransformerFileIsRefusedNamingItAndTheOldConfigServes() throws IOException {
        assertThat(writeAndAwaitReload(config("before-missing", tagHeader("kept"), "\"tag-header\""))
                        .path("ok")
                        .asBoolean())
                .isTrue();

        JsonNode refused = writeAndAwaitReload(
                config("missing", "{\"path\": \"" + PLUGINS.resolve("gone.js") + "\"}", "\"gone\""));

        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("message").asString())
                .contains("previous config stays in force")
                .contains("gone.js");
        assertThat(turn().headers()).containsEntry("x-tag", "kept");
    }

    @Test
    void aReloadNamingATransformerThatThrowsWhileLoadingIsRefusedNamingIt() throws IOException {
        assertThat(writeAndAwaitReload(config("before-throws", tagHeader("still"), "\"tag-header\""))
                        .path("ok")
                        .asBoolean())
                .isTrue();

        JsonNode refused = writeAndAwaitReload(config(
                "throws",
                "{\"path\": \"" + PLUGINS.resolve("needs-creds.js") + "\", \"options\": {\"file\": \"creds.json\"}}",
                "\"needs-creds\""));

        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("message").asString())
                .contains("needs-creds.js")
                .contains("no credentials at creds.json");
        assertThat(turn().headers()).containsEntry("x-tag", "still");
    }

    @Test
    void anAdminEditNamingANewTransformerIsRefusedBeforeTheFileEverRuns() throws IOException {
        assertThat(writeAndAwaitReload(config("before-admin", "", ""))
                        .path("ok")
                        .asBoolean())
                .isTrue();
        Path mark = HOME.resolve("marked");

        String refused = client.put()
                .uri("/api/config")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(config(
                        "admin",
                        "{\"path\": \"" + PLUGINS.resolve("marks.js") + "\", \"options\": {\"mark\": \"" + mark
                                + "\"}}",
                        "\"marks\""))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(refused).contains("transformers[0].path").contains("on disk instead");
        assertThat(mark).doesNotExist();
    }
}
