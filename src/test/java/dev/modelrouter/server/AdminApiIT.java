package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminApiIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final String KEY = "router-admin-key-123";
    static final String SECRET = "sk-admin-secret-4711";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Path file;
    static final Path HOME = LocalRouter.newHome();

    static String config(String defaultModel) {
        return config(defaultModel, List.of("m1", "m2", "m3"));
    }

    static String config(String defaultModel, List<String> models) {
        return """
                {
                  // admin test config
                  "APIKEY": "%s",
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/v1/messages", "api_key": "%s",
                     "models": [%s], "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {
                    "default": "p,%s", // the main model
                    "think": "p,m1",
                  },
                }
                """.formatted(
                KEY,
                UPSTREAM.url(),
                SECRET,
                String.join(", ", models.stream().map(m -> "\"" + m + "\"").toList()),
                defaultModel);
    }

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        file = RouterConfigs.write(config("m1"));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void reset() throws IOException {
        // a fresh connection per request: no test depends on the state a pooled connection was left in
        client = LocalRouter.adminClient(port, HOME)
                .mutate()
                .defaultHeader("x-api-key", KEY)
                .build();
        Files.writeString(file, config("m1"));
        client.post()
                .uri("/api/reload")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    private JsonNode status() {
        return JSON.readTree(LocalRouter.status(client));
    }

    private JsonNode body(WebTestClient.ResponseSpec spec) {
        return JSON.readTree(spec.expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void statusShowsVersionConfigPathLastReloadRoutesAndProviders() {
        JsonNode s = status();

        assertThat(s.path("version").isString()).isTrue();
        assertThat(s.path("uptimeSeconds").isNumber()).isTrue();
        assertThat(s.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(s.path("configPath").asString()).isEqualTo(file.toString());
        assertThat(s.path("lastReload").path("ok").asBoolean()).isTrue();
        assertThat(s.path("lastReload").path("trigger").asString()).isEqualTo("api");
        assertThat(s.path("routes").path("default").get(0).asString()).isEqualTo("p,m1");
        assertThat(s.path("routes").path("image").isEmpty()).isTrue();
        assertThat(s.path("providers").get(0).path("name").asString()).isEqualTo("p");
        assertThat(s.path("providers").get(0).path("models").size()).isEqualTo(3);
        assertThat(s.path("providers").get(0).has("lastError")).isTrue();
        assertThat(s.toString()).doesNotContain(SECRET).doesNotContain(KEY);
    }

    @Test
    void configIsShownWithEverySecretRedacted() {
        String body = client.get()
                .uri("/api/config")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(body)
                .doesNotContain(SECRET)
                .doesNotContain(KEY)
                .contains("\"api_key\":\"***\"")
                .contains("\"APIKEY\":\"***\"");
    }

    @Test
    void refusesAForeignHostHeader() {
        JsonNode error = body(client.get()
                .uri("/api/status")
                .header("Host", "evil.example:" + port)
                .exchange()
                .expectStatus()
                .isForbidden());

        assertThat(error.path("type").asString()).isEqualTo("error");
        assertThat(error.path("error").path("type").asString()).isEqualTo("permission_error");
        assertThat(error.path("error").path("message").asString()).contains("evil.example");
        client.get()
                .uri("/actuator/prometheus")
                .header("Host", "evil.example")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void refusesAForeignHostHeaderWhateverSpellingOfTheAdminPathRoutingAccepts() {
        // each of these is served as /api/status or /actuator/prometheus: the guard must see through the spelling
        for (String path : List.of(
                "/%61pi/status",
                "/api;x=1/status",
                "/api/%73tatus",
                "//api/status",
                "/%61ctuator/prometheus",
                "/actuator;a=b/prometheus",
                "/api%2Fstatus")) {
            client.get()
                    .uri(java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Host", "evil.example")
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
        client.get()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + "/%61pi/status"))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void refusesAForeignOriginAndAcceptsALoopbackOne() {
        client.put()
                .uri("/api/routes/think")
                .header("Origin", "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"p,m2\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/status")
                .header("Origin", "null")
                .exchange()
                .expectStatus()
                .isForbidden();
        client.get()
                .uri("/api/status")
                .header("Origin", "http://localhost:5173")
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/status")
                .header("Host", "[::1]:" + port)
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/api/status")
                .header("Host", "localhost")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void requiresTheAdminTokenWhichTheApiKeyDoesNotReplace() {
        WebTestClient bare = LocalRouter.client(port);
        String token = LocalRouter.adminToken(HOME);

        JsonNode error =
                body(bare.get().uri("/api/status").exchange().expectStatus().isUnauthorized());
        assertThat(error.path("error").path("type").asString()).isEqualTo("authentication_error");
        assertThat(error.path("error").path("message").asString())
                .contains(HOME.resolve("admin-token").toString())
                .doesNotContain(token);
        bare.get()
                .uri("/api/status")
                .header("x-api-key", KEY)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        bare.get()
                .uri("/api/status")
                .header("Authorization", "Bearer " + KEY)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        bare.get()
                .uri("/api/status")
                .header("Authorization", "Bearer " + token.substring(1))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        bare.put()
                .uri("/api/config")
                .header("x-api-key", KEY)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(config("m2"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        bare.get()
                .uri("/actuator/prometheus")
                .header("x-api-key", KEY)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        bare.get()
                .uri(java.net.URI.create("http://127.0.0.1:" + port + "/%61pi/status"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        bare.get()
                .uri("/api/status")
                .header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk();
        bare.get()
                .uri("/actuator/prometheus")
                .header(LocalRouter.ADMIN_HEADER, token)
                .exchange()
                .expectStatus()
                .isOk();
        bare.get().uri("/health").exchange().expectStatus().isOk();
        bare.head()
                .uri("/api/hello")
                .header("x-api-key", KEY)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void theAdminTokenFileIsTheOwnersAlone() throws IOException {
        Path token = HOME.resolve("admin-token");

        assertThat(java.nio.file.Files.getPosixFilePermissions(token))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(token).trim()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void putConfigRefusesToAddAFilePathAndChangesNothing() throws IOException {
        for (String setting : List.of(
                "\"CUSTOM_ROUTER_PATH\": \"/tmp/any.js\"",
                "\"REWRITE_SYSTEM_PROMPT\": \"/etc/passwd\"",
                "\"transformers\": [{\"path\": \"/tmp/evil.jar\"}]")) {
            String next = config("m2").replace("// admin test config", setting + ",");

            JsonNode error = body(client.put()
                    .uri("/api/config")
                    .contentType(MediaType.TEXT_PLAIN)
                    .bodyValue(next)
                    .exchange()
                    .expectStatus()
                    .isBadRequest());

            String key = setting.substring(1, setting.indexOf('"', 1));
            assertThat(error.path("error").path("message").asString())
                    .startsWith("the config was not changed: ")
                    .contains(key)
                    .contains("edit " + file + " on disk instead");
            assertThat(Files.readString(file)).isEqualTo(config("m1"));
        }
    }

    @Test
    void putConfigRefusesAHostBeyondLoopbackWhoseApiKeyNamesAnUnsetVariable() throws IOException {
        String next = config("m2")
                .replace(
                        "\"APIKEY\": \"" + KEY + "\"",
                        "\"HOST\": \"0.0.0.0\", \"APIKEY\": \"${ROUTER_UNSET_KEY_4711}\"");

        JsonNode error = body(client.put()
                .uri("/api/config")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(next)
                .exchange()
                .expectStatus()
                .isBadRequest());

        assertThat(error.path("error").path("message").asString())
                .contains("refusing to listen on 0.0.0.0 without APIKEY");
        assertThat(Files.readString(file)).isEqualTo(config("m1"));
    }

    @Test
    void putConfigValidatesWritesAtomicallyWithABackupAndApplies() throws IOException {
        String next = config("m2").replace("// admin test config", "// edited through the API");

        JsonNode result = body(client.put()
                .uri("/api/config")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(next)
                .exchange()
                .expectStatus()
                .isOk());

        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("message").asString()).contains("previous version kept as config.json.");
        assertThat(Files.readString(file)).isEqualTo(next);
        assertThat(backups()).anySatisfy(b -> assertThat(read(b)).isEqualTo(config("m1")));
        assertThat(status().path("routes").path("default").get(0).asString()).isEqualTo("p,m2");
        try (Stream<Path> all = Files.list(file.getParent())) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void putConfigRejectsAnInvalidConfigWithPathLineAndColumnAndChangesNothing() throws IOException {
        JsonNode error = body(client.put()
                .uri("/api/config")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("{\n  \"Router\": {\"default\": \"p,m1\"\n}")
                .exchange()
                .expectStatus()
                .isBadRequest());

        assertThat(error.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(error.path("error").path("message").asString())
                .startsWith("the config was not changed: config.json: invalid JSON at line 3, column");
        assertThat(error.path("error").path("problems").get(0).path("path").asString())
                .isEqualTo("$");
        assertThat(Files.readString(file)).isEqualTo(config("m1"));

        JsonNode invalidRoute = body(client.put()
                .uri("/api/config")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(config("m9"))
                .exchange()
                .expectStatus()
                .isBadRequest());
        assertThat(invalidRoute
                        .path("error")
                        .path("problems")
                        .get(0)
                        .path("path")
                        .asString())
                .isEqualTo("$.Router.default");
    }

    @Test
    void putRouteSwitchesOneScenarioAndKeepsTheFilesComments() throws IOException {
        JsonNode result = body(client.put()
                .uri("/api/routes/think")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"P,m3\"}")
                .exchange()
                .expectStatus()
                .isOk());

        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(Files.readString(file))
                .isEqualTo(config("m1").replace("\"think\": \"p,m1\"", "\"think\": \"p,m3\""));
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("p,m3");
    }

    @Test
    void putRouteNamesWhatIsWrong() {
        assertThat(routeError("thinking", "{\"model\":\"p,m2\"}"))
                .startsWith("unknown scenario 'thinking'; use one of default");
        assertThat(routeError("think", "{\"model\":\"q,m2\"}"))
                .isEqualTo("unknown provider 'q'; configured providers: p");
        assertThat(routeError("think", "{\"model\":\"p,m7\"}"))
                .isEqualTo("provider 'p' has no model 'm7'; its models: m1, m2, m3");
        assertThat(routeError("think", "{\"model\":\"m2\"}")).contains("send {\"model\": \"provider,model\"}");
        assertThat(routeError("think", "not json")).contains("not JSON");
    }

    private String routeError(String scenario, String body) {
        return body(client.put()
                        .uri("/api/routes/" + scenario)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange()
                        .expectStatus()
                        .isBadRequest())
                .path("error")
                .path("message")
                .asString();
    }

    @Test
    void reloadAppliesAnEditAndReportsARejectedOne() throws IOException {
        Files.writeString(file, config("m3"));
        JsonNode ok =
                body(client.post().uri("/api/reload").exchange().expectStatus().isOk());
        assertThat(ok.path("ok").asBoolean()).isTrue();
        assertThat(status().path("routes").path("default").get(0).asString()).isEqualTo("p,m3");

        Files.writeString(file, "{\"Providers\": [}");
        JsonNode error =
                body(client.post().uri("/api/reload").exchange().expectStatus().isBadRequest());
        assertThat(error.path("error").path("message").asString()).contains("line 1, column");
        JsonNode s = status();
        assertThat(s.path("lastReload").path("ok").asBoolean()).isFalse();
        assertThat(s.path("lastReload").path("message").asString()).contains("previous config stays in force");
        assertThat(s.path("routes").path("default").get(0).asString()).isEqualTo("p,m3");
    }

    /** Generation {@code g} of the rewritten config: its default route goes to a model only it has. */
    private static String generation(int g) {
        return config("g" + g, List.of("m1", "m2", "m3", "g" + g));
    }

    /**
     * Every admin call of the rewrite test goes through here, so that the admin's credentials, when
     * admin calls need their own, are added in one place.
     */
    private WebTestClient.ResponseSpec admin(HttpMethod method, String path, @Nullable String text) {
        WebTestClient.RequestBodySpec request = client.method(method).uri(path);
        return text == null
                ? request.exchange()
                : request.contentType(MediaType.TEXT_PLAIN).bodyValue(text).exchange();
    }

    private JsonNode adminStatus() {
        return body(admin(HttpMethod.GET, "/api/status", null).expectStatus().isOk());
    }

    private static void awaitUntil(Callable<Boolean> condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(condition);
    }

    @Test
    void noRequestFailsWhileTheConfigIsRewrittenAHundredTimes() throws Exception {
        UPSTREAM.otherwise(received -> {
            String model = JSON.readTree(received.body()).path("model").asString();
            return Reply.json(
                            200,
                            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
                                    + "\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")
                    .paced(Duration.ofMillis(5));
        });
        AtomicBoolean done = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<String> routesSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger sent = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread sender = new Thread(() -> {
                while (!done.get()) {
                    // whatever goes wrong (a refused connection, a timeout, no answer) is a failure, never a dead
                    // thread
                    try {
                        String failure = sendOne(routesSeen);
                        if (failure != null) {
                            failures.add(failure);
                        }
                    } catch (Throwable e) {
                        failures.add(e.toString());
                    }
                    sent.incrementAndGet();
                }
            });
            sender.start();
            senders.add(sender);
        }
        List<String> applied = new ArrayList<>();
        try {
            for (int i = 1; i <= 100; i++) {
                String route = "p,g" + i;
                if (i % 4 == 0) {
                    JsonNode answer = body(admin(HttpMethod.PUT, "/api/config", generation(i))
                            .expectStatus()
                            .isOk());
                    assertThat(answer.path("ok").asBoolean())
                            .as("PUT %d answered %s", i, answer)
                            .isTrue();
                } else if (i % 5 == 0) {
                    // a half-written file is rejected whole and the generation before it stays in force
                    write(generation(i).substring(0, 50));
                    awaitUntil(
                            () -> !adminStatus().path("lastReload").path("ok").asBoolean());
                    assertThat(adminStatus()
                                    .path("routes")
                                    .path("default")
                                    .get(0)
                                    .asString())
                            .isEqualTo("p,g" + (i - 1));
                    continue;
                } else {
                    write(generation(i));
                }
                // the watcher reloads each write (the debounce merges none, as each is awaited), and requests see it
                awaitUntil(() -> adminStatus()
                        .path("routes")
                        .path("default")
                        .get(0)
                        .asString()
                        .equals(route));
                awaitUntil(() -> routesSeen.contains("default " + route));
                applied.add(route);
            }
        } finally {
            done.set(true);
            for (Thread s : senders) {
                s.join();
            }
        }

        assertThat(failures).isEmpty();
        assertThat(applied).hasSize(85);
        assertThat(routesSeen)
                .containsAll(applied.stream().map(route -> "default " + route).toList());
        assertThat(sent.get()).isGreaterThanOrEqualTo(applied.size());
    }

    /** Sends one request and notes its route header ({@code default p,g7}); returns what was wrong, or null. */
    private @Nullable String sendOne(Set<String> routesSeen) {
        var result = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .returnResult(String.class);
        String route = result.getResponseHeaders().getFirst("x-router-route");
        String answer = result.getResponseBody()
                .collectList()
                .map(parts -> String.join("", parts))
                .block(Duration.ofSeconds(20));
        if (result.getStatus().value() != 200
                || route == null
                || answer == null
                || !answer.contains("\"model\":\"" + route.substring(route.indexOf(',') + 1) + "\"")) {
            return result.getStatus() + " " + route + " " + answer;
        }
        routesSeen.add(route);
        return null;
    }

    private static void write(String text) throws IOException {
        Path tmp = file.resolveSibling("next.tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> backups() throws IOException {
        try (Stream<Path> all = Files.list(file.getParent())) {
            return all.filter(p -> p.getFileName().toString().matches("config\\.json\\.\\d{8}-\\d{6}(-\\d+)?\\.bak"))
                    .toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
