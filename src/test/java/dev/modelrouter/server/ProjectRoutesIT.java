package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.ClaudeProjects;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** ccr's project and session routes: $ROUTER_HOME/<project>/config.json and <project>/<session>.json. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectRoutesIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final String IN_PROJECT = "aaaaaaaa-0000-4000-8000-000000000001";
    static final String OWN_ROUTES = "aaaaaaaa-0000-4000-8000-000000000002";
    static final String ELSEWHERE = "aaaaaaaa-0000-4000-8000-000000000003";

    @LocalServerPort
    int port;

    WebTestClient client;

    static Path home;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        home = Files.createTempDirectory("router-home");
        Path claude = Files.createTempDirectory("claude-projects");
        ClaudeProjects.transcript(claude, "-work-app", IN_PROJECT);
        ClaudeProjects.transcript(claude, "-work-app", OWN_ROUTES);
        ClaudeProjects.transcript(claude, "-work-other", ELSEWHERE);
        ClaudeProjects.routes(home, "-work-app", "config.json", "{\"Router\": {\"default\": \"anth,project\"}}");
        ClaudeProjects.routes(home, "-work-app", OWN_ROUTES + ".json", "{\"Router\": {\"default\": \"anth,session\"}}");
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                     "models": ["m", "project", "session"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,m"}
                }
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
        registry.add(RouterConfiguration.CLAUDE_PROJECTS_PROPERTY, claude::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.adminClient(port, home);
    }

    private String route(@Nullable String session) {
        UPSTREAM.enqueue(Reply.hi());
        return LocalRouter.route(
                client,
                "/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                session == null ? Map.of() : Map.of("x-claude-code-session-id", session));
    }

    @Test
    void aSessionIsRoutedByItsOwnRoutesElseItsProjectsElseConfigJson() {
        assertThat(route(IN_PROJECT)).isEqualTo("default anth,project");
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"project\"");
        assertThat(route(OWN_ROUTES)).isEqualTo("default anth,session");
        assertThat(route(ELSEWHERE)).as("a project without routes").isEqualTo("default anth,m");
        assertThat(route(null)).isEqualTo("default anth,m");
        assertThat(route("../-work-app/" + OWN_ROUTES)).as("not a session id").isEqualTo("default anth,m");
    }

    @Test
    void statusNamesTheProjectsWithRoutesOfTheirOwn() {
        client.get()
                .uri("/api/status")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.projectRoutes")
                .isEqualTo(java.util.List.of("-work-app"));
    }
}
