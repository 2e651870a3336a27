package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.config.Tokenizers;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the Claude Code turns of each realistic ccr config ({@code src/test/resources/ccr-configs}, see
 * {@code CcrConfigsTest}) through one daemon: each turn takes the route its {@code expect.json} names and
 * reaches that provider, at its path, with its model, key and transformers' changes, and the client gets an
 * Anthropic answer. The daemon's home is the user's ccr folder; to reach scripted providers only the
 * origins of {@code api_base_url} change, and, as this JVM's environment cannot be set, {@code $VAR}s are
 * filled in before the file is written ({@code CcrConfigsTest} proves the daemon's loader fills them).
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CcrConfigsIT {

    static final Path FOLDER = Path.of("src/test/resources/ccr-configs");
    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    /** The Hugging Face Hub ({@code HF_ENDPOINT}) that tokenizers given by model name come from. */
    static final ScriptedUpstream HUB = new ScriptedUpstream();

    static final Path TINY_TOKENIZER = Path.of("src/test/resources/fixtures/tokenizer/tiny-bpe.tokenizer.json");
    static final Path CCR = newCcrFolder();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Pattern ORIGIN = Pattern.compile("(\"api_base_url\"\\s*:\\s*\")https?://[^/\"]+");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    @LocalServerPort
    int port;

    private static Path newCcrFolder() {
        try {
            Path ccr = Files.createDirectories(
                    Files.createTempDirectory("ccr-user").resolve(".claude-code-router"));
            Files.writeString(ccr.resolve("config.json"), "{\"Providers\": [], \"Router\": {}}");
            return ccr;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> CCR.resolve("config.json").toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, CCR::toString);
        registry.add("HF_ENDPOINT", HUB::url);
        UPSTREAM.otherwise(CcrConfigsIT::answer);
        HUB.otherwise(r -> {
            try {
                return r.uri().endsWith("/resolve/main/tokenizer.json")
                        ? Reply.json(200, Files.readString(TINY_TOKENIZER))
                        : Reply.json(404, "{\"error\":\"Entry not found\"}");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        HUB.close();
    }

    /** A one-line answer in the protocol the request's path speaks. */
    static Reply answer(ScriptedUpstream.Received r) {
        if (r.uri().contains(":generateContent")) {
            return Reply.json(
                    200,
                    "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi!\"}]},"
                            + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":5,"
                            + "\"candidatesTokenCount\":2}}");
        }
        if (r.uri().split("\\?")[0].endsWith("/messages")) {
            return Reply.hi();
        }
        return Reply.chatHi();
    }

    /**
     * Every config: a reload switches to each, JS transformers included (they load at the reload that
     * names them; {@link CcrScriptConfigIT} starts a daemon with one).
     */
    static Stream<String> configs() throws IOException {
        try (Stream<Path> dirs = Files.list(FOLDER)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void everyTurnOfTheConfigTakesItsRouteToItsProvider(String name) throws IOException {
        Path source = FOLDER.resolve(name);
        JsonNode expect = JSON.readTree(Files.readString(source.resolve("expect.json")));
        if (expect.path("node").asBoolean(false)) {
            NodeJs.assumeInstalled();
        }
        copyOver(source, CCR);
        Files.writeString(
                CCR.resolve("config.json"),
                served(Files.readString(source.resolve("config.json")), expect, CCR, UPSTREAM));
        EntityExchangeResult<String> reload = LocalRouter.adminClient(port, CCR)
                .post()
                .uri("/api/reload")
                .exchange()
                .expectBody(String.class)
                .returnResult();
        assertThat(reload.getStatus().value()).as(reload.getResponseBody()).isEqualTo(200);

        for (JsonNode turn : expect.path("turns")) {
            serves(port, UPSTREAM, turn, expect.path("apiKey").asString(""));
        }
        for (JsonNode model : expect.path("hubTokenizers")) {
            String path = "/" + model.asString() + "/resolve/main/tokenizer.json";
            Path cached = Tokenizers.cacheFile(CCR.resolve("cache/tokenizers"), model.asString());
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> Files.isRegularFile(cached));
            assertThat(HUB.received())
                    .extracting(ScriptedUpstream.Received::uri)
                    .contains(path);
            assertThat(cached).hasSameTextualContentAs(TINY_TOKENIZER);
        }
    }

    /** Sends one turn of an {@code expect.json} to the daemon on {@code port} and checks where it went. */
    static void serves(int port, ScriptedUpstream upstream, JsonNode turn, String apiKey) {
        String what = turn.path("name").asString();
        ObjectNode body = JSON.createObjectNode()
                .put("model", turn.path("model").asString())
                .put("max_tokens", turn.path("maxTokens").asInt(1024));
        body.putArray("messages")
                .addObject()
                .put("role", "user")
                .put("content", turn.path("text").asString("hello"));
        if (turn.path("thinking").asBoolean(false)) {
            body.putObject("thinking").put("type", "enabled").put("budget_tokens", 2048);
        }
        if (turn.path("webSearch").asBoolean(false)) {
            body.putArray("tools")
                    .addObject()
                    .put("type", "web_search_20250305")
                    .put("name", "web_search");
        }
        int before = upstream.received().size();
        EntityExchangeResult<String> result = LocalRouter.client(port)
                .post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (!apiKey.isEmpty()) {
                        h.set("x-api-key", apiKey);
                    }
                })
                .bodyValue(body.toString())
                .exchange()
                .expectBody(String.class)
                .returnResult();

        assertThat(result.getStatus().value())
                .as(what + ": " + result.getResponseBody())
                .isEqualTo(200);
        assertThat(result.getResponseHeaders().getFirst("x-router-route"))
                .as(what)
                .isEqualTo(turn.path("route").asString());
        assertThat(JSON.readTree(result.getResponseBody()).at("/content/0/text").asString())
                .as(what)
                .isEqualTo("Hi!");
        assertThat(upstream.received()).as(what).hasSize(before + 1);
        ScriptedUpstream.Received sent = upstream.last();
        assertThat(sent.uri().split("\\?")[0])
                .as(what)
                .isEqualTo(turn.path("path").asString());
        if (turn.has("upstreamModel")) {
            assertThat(JSON.readTree(sent.bodyText()).path("model").asString())
                    .as(what)
                    .isEqualTo(turn.path("upstreamModel").asString());
        }
        if (turn.has("auth")) {
            assertThat(sent.headers())
                    .as(what)
                    .containsEntry("authorization", turn.path("auth").asString());
        }
        if (turn.has("header")) {
            assertThat(sent.headers())
                    .as(what)
                    .containsEntry(
                            turn.path("header").path(0).asString(),
                            turn.path("header").path(1).asString());
        }
        for (JsonNode part : turn.path("bodyContains")) {
            assertThat(sent.bodyText()).as(what).contains(part.asString());
        }
    }

    /** The config as the daemon gets it: providers at the scripted upstream, the user's folder, $VARs filled. */
    static String served(String text, JsonNode expect, Path ccr, ScriptedUpstream upstream) {
        String local = text.replace("$HOME/.claude-code-router", ccr.toString())
                .replace("~/.claude-code-router", ccr.toString());
        Matcher m = VARIABLE.matcher(local);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String var = m.group(1) != null ? m.group(1) : m.group(2);
            JsonNode value = expect.path("env").path(var);
            m.appendReplacement(out, Matcher.quoteReplacement(value.isString() ? value.asString() : m.group()));
        }
        m.appendTail(out);
        return ORIGIN.matcher(out.toString()).replaceAll("$1" + Matcher.quoteReplacement(upstream.url()));
    }

    /** The user's folder's files over the daemon's home (its admin token stays). */
    static void copyOver(Path source, Path ccr) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : files.toList()) {
                Path target = ccr.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else if (!f.getFileName().toString().equals("config.json")
                        || !f.getParent().equals(source)) {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
