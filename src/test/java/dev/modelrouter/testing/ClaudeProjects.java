package dev.modelrouter.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files project and session routes are found by: Claude Code's transcript of a session under its
 * projects folder, and a project's or session's routes file under the router's home.
 */
public final class ClaudeProjects {

    private ClaudeProjects() {}

    /** Writes {@code <claudeProjects>/<project>/<session>.jsonl}, as Claude Code does for a session. */
    public static void transcript(Path claudeProjects, String project, String session) throws IOException {
        Files.createDirectories(claudeProjects.resolve(project));
        Files.writeString(claudeProjects.resolve(project).resolve(session + ".jsonl"), "{}\n");
    }

    /** Writes {@code <routerHome>/<project>/<file>} ({@code config.json} or {@code <session>.json}). */
    public static void routes(Path routerHome, String project, String file, String json) throws IOException {
        Files.createDirectories(routerHome.resolve(project));
        Files.writeString(routerHome.resolve(project).resolve(file), json);
    }
}
