package dev.modelrouter.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The checked-out branch of the repository around a folder, read from {@code .git/HEAD} rather than by
 * running {@code git}: the status line runs on every refresh, and a process start costs more than the rest.
 */
final class GitBranch {

    private GitBranch() {}

    /** The branch name, the short commit on a detached HEAD, or "" outside a repository. */
    static String of(@Nullable Path dir) {
        for (Path d = dir == null ? null : dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            try {
                if (Files.isDirectory(git)) {
                    return fromHead(git.resolve("HEAD"));
                }
                if (Files.isRegularFile(git)) {
                    // a worktree or submodule: ".git" is a file naming the real git folder
                    String line = Files.readString(git, StandardCharsets.UTF_8).trim();
                    if (line.startsWith("gitdir:")) {
                        Path gitDir = d.resolve(line.substring(7).trim());
                        return fromHead(gitDir.resolve("HEAD"));
                    }
                    return "";
                }
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    private static String fromHead(Path head) throws IOException {
        String text = Files.readString(head, StandardCharsets.UTF_8).trim();
        if (text.startsWith("ref:")) {
            String ref = text.substring(4).trim();
            return ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
        }
        return text.length() >= 7 ? text.substring(0, 7) : text;
    }
}
