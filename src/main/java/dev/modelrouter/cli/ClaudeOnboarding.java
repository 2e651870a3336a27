package dev.modelrouter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Marks Claude Code's first-run onboarding (the theme picker and the security notes) as done before
 * {@code router code} starts it, as ccr's users expect: {@code "hasCompletedOnboarding": true} in Claude
 * Code's state file, {@code $CLAUDE_CONFIG_DIR/.claude.json}, else {@code ~/.claude.json} (the pinned
 * 2.1.332 skips both screens on that field alone). Every other field is kept; the file is replaced
 * atomically after a copy is saved beside it. The folder-trust question is left to Claude Code: it is a
 * per-folder security decision, not onboarding. {@value #KEEP_ENV}{@code =1} leaves the file alone.
 */
final class ClaudeOnboarding {

    /** The environment variable that leaves Claude Code's state file untouched. */
    static final String KEEP_ENV = "ROUTER_KEEP_ONBOARDING";

    static final String FIELD = "hasCompletedOnboarding";

    private ClaudeOnboarding() {}

    /**
     * Claude Code's state file: {@code $CLAUDE_CONFIG_DIR/.claude.json}, else {@code $HOME/.claude.json};
     * null with neither set, since which file Claude Code would then read is a guess.
     */
    static @Nullable Path stateFile(Map<String, String> env) {
        String dir = env.getOrDefault("CLAUDE_CONFIG_DIR", "").trim();
        String home = env.getOrDefault("HOME", "").trim();
        return !dir.isEmpty() ? Path.of(dir, ".claude.json") : !home.isEmpty() ? Path.of(home, ".claude.json") : null;
    }

    /**
     * Sets the field unless it is set already or {@value #KEEP_ENV} says not to, saying so on {@code err};
     * a file that cannot be read as JSON, or written, is left as it was with a warning: Claude Code then
     * shows its onboarding, which is all that is lost.
     */
    static void markDone(Map<String, String> env, PrintWriter err) {
        String keep = env.getOrDefault(KEEP_ENV, "").trim();
        if (keep.equals("1") || keep.equalsIgnoreCase("true")) {
            return;
        }
        Path file = stateFile(env);
        if (file == null) {
            return;
        }
        try {
            // a dotfiles manager's link stays a link: the file it points to is the one to update
            file = Files.isSymbolicLink(file) ? file.toRealPath() : file;
            ObjectNode state = read(file);
            if (state == null || state.path(FIELD).asBoolean(false)) {
                if (state == null) {
                    err.println("warning: " + file + " is not a JSON object, so Claude Code's first-run screens were"
                            + " left as they are");
                }
                return;
            }
            Path backup = Files.exists(file) ? backUp(file) : null;
            state.put(FIELD, true);
            write(file, CliJson.pretty(state) + "\n");
            err.println("marked Claude Code's first-run screens as seen in " + file
                    + (backup == null ? "" : " (the previous file is in " + backup + ")")
                    + "; " + KEEP_ENV + "=1 leaves it alone");
        } catch (IOException | JacksonException e) {
            err.println("warning: cannot update " + file + " (" + e.getMessage() + "), so Claude Code may show its"
                    + " first-run screens");
        }
    }

    /** The file's object, an empty one when it does not exist, null when it holds something else. */
    private static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return CliJson.object();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode node = text.isBlank() ? CliJson.object() : CliJson.read(text);
        return node instanceof ObjectNode object ? object : null;
    }

    private static Path backUp(Path file) throws IOException {
        Path backup = file.resolveSibling(file.getFileName() + ".router-backup");
        Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return backup;
    }

    /** Writes beside the file and renames over it, so Claude Code never reads half a file; readable by the user alone. */
    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".claude.json.", ".tmp");
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the folder's permissions, as Claude Code's own writes do
        }
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
