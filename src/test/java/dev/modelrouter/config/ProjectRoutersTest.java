package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Scenario;
import dev.modelrouter.testing.ClaudeProjects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRoutersTest {

    static final String SESSION = "0f5a2c1e-7d4b-4f1a-9c3e-2b8d6e4a1f00";

    @TempDir
    Path home;

    @TempDir
    Path claude;

    RouterConfig config;

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                  "models": ["a", "b", "c", "t"]}], "Router": {"default": "p,a", "think": "p,t"},
                 "fallback": {"default": ["p,t"]}}
                """, Path.of("config.json"), Map.of());
        ClaudeProjects.transcript(claude, "-work-app", SESSION);
        Files.createDirectories(claude.resolve("-work-other"));
    }

    private ProjectRouters routers() {
        return new ProjectRouters(home, claude, Map.of(), Runnable::run);
    }

    private static String defaultOf(RouterConfig c) {
        return c.router().targets(Scenario.DEFAULT).get(0).toString();
    }

    private void write(String project, String file, String text) throws Exception {
        ClaudeProjects.routes(home, project, file, text);
    }

    @Test
    void withoutProjectFoldersNothingChangesAndNothingIsLookedUp() {
        ProjectRouters routers = routers();
        assertThat(routers.active()).isFalse();
        assertThat(routers.forSession(config, SESSION)).isSameAs(config);
    }

    @Test
    void theProjectsRoutesApplyToItsSessionsAndTheSessionsOwnWin() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"default\": \"p,b\"}, \"Providers\": \"ignored\"}");
        ProjectRouters routers = routers();
        assertThat(routers.active()).isTrue();

        RouterConfig project = routers.forSession(config, SESSION);
        assertThat(defaultOf(project)).isEqualTo("p,b");
        assertThat(project.router().targets(Scenario.THINK))
                .as("ccr replaces the whole Router")
                .isEmpty();
        assertThat(project.providers()).isSameAs(config.providers());
        assertThat(routers.forSession(config, "11111111-2222-3333-4444-555555555555"))
                .as("a session of no known project")
                .isSameAs(config);

        write("-work-app", SESSION + ".json", "// the session's own\n{Router: {default: 'p,c', think: 'p,t',},}");
        assertThat(defaultOf(routers().forSession(config, SESSION))).isEqualTo("p,c");
    }

    @Test
    void onlyTheFilesRouterCountsAndAFileWithoutOneIsSkipped() throws Exception {
        write(
                "-work-app",
                "config.json",
                "{\"Router\": {\"default\": \"p,b\"}, \"fallback\": {\"default\": [\"p,c\"]}}");
        write("-work-app", SESSION + ".json", "{\"Router\": {}, \"Providers\": []}");
        RouterConfig project = routers().forSession(config, SESSION);
        assertThat(defaultOf(project))
                .as("a session file without routes leaves the project's")
                .isEqualTo("p,b");
        assertThat(project.router().fallbackTargets(Scenario.DEFAULT))
                .as("config.json's fallback, as in ccr")
                .extracting(Object::toString)
                .containsExactly("p,t");
    }

    @Test
    void aSessionGetsTheSameConfigEveryTimeAndWithoutALookWithinASecond() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"default\": \"p,b\"}}");
        ProjectRouters routers = routers();
        assertThat(routers.known(config, SESSION)).as("not looked at yet").isNull();
        RouterConfig first = routers.forSession(config, SESSION);
        assertThat(routers.forSession(config, SESSION))
                .as("one instance, so what is keyed on it (the script's process, chains) stays")
                .isSameAs(first);
        assertThat(routers.known(config, SESSION)).isSameAs(first);
        String stranger = "11111111-2222-3333-4444-555555555555";
        routers.forSession(config, stranger);
        assertThat(routers.known(config, stranger))
                .as("no project: the snapshot itself")
                .isSameAs(config);
        RouterConfig reloaded = ConfigLoader.parse(config.raw().toString(), Path.of("config.json"), Map.of());
        assertThat(routers.known(reloaded, SESSION))
                .as("another snapshot is looked at afresh")
                .isNull();
        assertThat(defaultOf(routers.forSession(reloaded, SESSION))).isEqualTo("p,b");
    }

    @Test
    void aFileWithoutDefaultKeepsConfigJsonsDefault() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"think\": \"p,c\"}}");
        RouterConfig project = routers().forSession(config, SESSION);
        assertThat(defaultOf(project)).isEqualTo("p,a");
        assertThat(project.router().targets(Scenario.THINK).get(0).toString()).isEqualTo("p,c");
    }

    @Test
    void aFileThatDoesNotValidateIsLeftOut() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"default\": \"p,b\"}}");
        write("-work-app", SESSION + ".json", "{\"Router\": {\"default\": \"nowhere,x\"}}");
        assertThat(defaultOf(routers().forSession(config, SESSION))).isEqualTo("p,b");
        write("-work-app", "config.json", "{\"Router\": ");
        assertThat(routers().forSession(config, SESSION)).isSameAs(config);
    }

    @Test
    void anEditIsReadOnceItIsSeen() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"default\": \"p,b\"}}");
        ProjectRouters routers = routers();
        assertThat(defaultOf(routers.forSession(config, SESSION))).isEqualTo("p,b");
        Path file = home.resolve("-work-app").resolve("config.json");
        Files.writeString(file, "{\"Router\": {\"default\": \"p,c\"}}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        // files are looked at again at most once a second: the edit shows on some later request
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> defaultOf(routers.forSession(config, SESSION)), "p,c"::equals);
    }

    @Test
    void aSessionIdThatIsNotAnIdNeverBecomesAPath() throws Exception {
        write("-work-app", "config.json", "{\"Router\": {\"default\": \"p,b\"}}");
        ProjectRouters routers = routers();
        for (String bad : List.of("../-work-app/config", "a/b", "", ".", "x".repeat(200))) {
            assertThat(routers.forSession(config, bad)).as(bad).isSameAs(config);
        }
        assertThat(routers.forSession(config, null)).isSameAs(config);
    }

    @Test
    void claudeCodesProjectsFolderFollowsClaudeConfigDir() {
        assertThat(ProjectRouters.claudeProjects(Map.of("CLAUDE_CONFIG_DIR", "/x/claude")))
                .isEqualTo(Path.of("/x/claude/projects"));
        assertThat(ProjectRouters.claudeProjects(Map.of()).toString()).endsWith(".claude/projects");
    }
}
