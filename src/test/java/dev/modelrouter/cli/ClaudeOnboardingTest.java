package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ClaudeOnboardingTest {

    @TempDir
    Path home;

    private String mark(Map<String, String> env) {
        StringWriter err = new StringWriter();
        ClaudeOnboarding.markDone(env, new PrintWriter(err, true));
        return err.toString();
    }

    @Test
    void aFreshHomeGetsAStateFileWithOnboardingDoneAndIsToldOnce() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString());

        String said = mark(env);

        Path file = home.resolve(".claude.json");
        assertThat(CliJson.read(Files.readString(file))
                        .path("hasCompletedOnboarding")
                        .asBoolean())
                .isTrue();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(said)
                .contains("marked Claude Code's first-run screens as seen in " + file)
                .contains("ROUTER_KEEP_ONBOARDING=1");
        assertThat(mark(env))
                .as("the second time there is nothing to do or say")
                .isEmpty();
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(".claude.json");
        }
    }

    @Test
    void keepsEveryOtherFieldAndBacksUpThePreviousFile() throws Exception {
        Path file = home.resolve(".claude.json");
        String before = """
                {"numStartups": 3, "hasCompletedOnboarding": false, "projects": {"/w": {"hasTrustDialogAccepted": true}},
                 "userID": "abc", "theme": "dark"}
                """;
        Files.writeString(file, before);

        String said = mark(Map.of("HOME", home.toString()));

        JsonNode after = CliJson.read(Files.readString(file));
        assertThat(after.path("hasCompletedOnboarding").asBoolean()).isTrue();
        assertThat(after.path("numStartups").asInt()).isEqualTo(3);
        assertThat(after.path("projects")
                        .path("/w")
                        .path("hasTrustDialogAccepted")
                        .asBoolean())
                .isTrue();
        assertThat(after.path("userID").asString()).isEqualTo("abc");
        assertThat(after.path("theme").asString()).isEqualTo("dark");
        assertThat(after.propertyNames())
                .containsExactly("numStartups", "hasCompletedOnboarding", "projects", "userID", "theme");
        assertThat(Files.readString(home.resolve(".claude.json.router-backup"))).isEqualTo(before);
        assertThat(said).contains(home.resolve(".claude.json.router-backup").toString());
    }

    @Test
    void usesClaudeConfigDirWhenSet() throws Exception {
        Path configDir = home.resolve("cfg");

        mark(Map.of("HOME", home.toString(), "CLAUDE_CONFIG_DIR", configDir.toString()));

        assertThat(configDir.resolve(".claude.json")).exists();
        assertThat(home.resolve(".claude.json")).doesNotExist();
    }

    @Test
    void theKeepVariableLeavesTheFileAlone() throws Exception {
        Path file = home.resolve(".claude.json");
        Files.writeString(file, "{\"numStartups\": 1}");

        String said = mark(Map.of("HOME", home.toString(), ClaudeOnboarding.KEEP_ENV, "1"));

        assertThat(said).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("{\"numStartups\": 1}");
        assertThat(home.resolve(".claude.json.router-backup")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAnObjectIsLeftAsItIsWithAWarning() throws Exception {
        Path file = home.resolve(".claude.json");
        Files.writeString(file, "[1, 2]");

        String said = mark(Map.of("HOME", home.toString()));

        assertThat(said).startsWith("warning: " + file + " is not a JSON object");
        assertThat(Files.readString(file)).isEqualTo("[1, 2]");
    }

    @Test
    void aLinkedStateFileStaysALink() throws Exception {
        Path real = home.resolve("dotfiles/claude.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "{\"userID\": \"u\"}");
        Path link = Files.createSymbolicLink(home.resolve(".claude.json"), real);

        mark(Map.of("HOME", home.toString()));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(CliJson.read(Files.readString(real))
                        .path("hasCompletedOnboarding")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void withoutHomeOrConfigDirNothingIsTouched() {
        assertThat(ClaudeOnboarding.stateFile(Map.of())).isNull();
        assertThat(mark(Map.of())).isEmpty();
    }
}
