package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.ClaudeProjects;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A project's routes and a custom router script together: the script's process is the config's, not the project's. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectRoutesScriptIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final String SESSION = "bbbbbbbb-0000-4000-8000-000000000001";

    static Path loads;

    @LocalServerPort
    int port;

    @BeforeAll
    static void nodeIsThere() {
        NodeJs.assumeInstalled();
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("router-home");
        Path claude = Files.createTempDirectory("claude-projects");
        ClaudeProjects.transcript(claude, "-work-app", SESSION);
        ClaudeProjects.routes(home, "-work-app", "config.json", "{\"Router\": {\"default\": \"anth,project\"}}");
        Path scripts = Files.createTempDirectory("router-script");
        loads = scripts.resolve("loads.txt");
        // each start of the script's process adds a line
        Files.writeString(scripts.resolve("router.js"), """
                require('fs').appendFileSync(%s, 'loaded\\n');
                module.exports = async function router(req, config) { return null; };
                """.formatted(
                        "'" + loads.toString().replace("\\", "\\\\") + "'"));
        String json = """
                {
                  "Providers": [
                    {"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                     "models": ["m", "project"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "anth,m"},
                  "CUSTOM_ROUTER_PATH": "%s"
                }
                """.formatted(
                        UPSTREAM.url(), scripts.resolve("router.js").toString().replace("\\", "\\\\"));
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

    @Test
    void requestsOfAProjectWithRoutesShareTheScriptsOneProcess() throws IOException {
        var client = LocalRouter.client(port);
        String body =
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        for (int i = 0; i < 4; i++) {
            UPSTREAM.enqueue(Reply.hi());
            String session = i % 2 == 0 ? SESSION : "cccccccc-0000-4000-8000-000000000009";
            String expected = i % 2 == 0 ? "default anth,project" : "default anth,m";
            assertThat(LocalRouter.route(client, "/v1/messages", body, Map.of("x-claude-code-session-id", session)))
                    .isEqualTo(expected);
        }
        assertThat(Files.readAllLines(loads))
                .as("one node process for the config, whatever the project")
                .hasSize(1);
    }
}
