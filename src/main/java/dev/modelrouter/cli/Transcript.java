package dev.modelrouter.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the last assistant message of a Claude Code transcript (JSON lines) says: the model that answered,
 * which is what the router really served rather than what Claude Code asked for, and the tokens of that
 * turn. Only the file's tail is read, since a long session's transcript grows to many megabytes.
 *
 * @param model the model name, "" when unknown
 * @param inputTokens the prompt's tokens, cached ones included; -1 when unknown
 * @param outputTokens -1 when unknown
 */
record Transcript(String model, long inputTokens, long outputTokens) {

    static final Transcript NONE = new Transcript("", -1, -1);

    /** How much of the file's end is read. */
    static final int TAIL_BYTES = 256 * 1024;

    /** How much is read when the tail holds no whole assistant line (one that wrote a big file, say). */
    static final int LONG_TAIL_BYTES = 8 * 1024 * 1024;

    static Transcript read(@Nullable Path file) {
        Transcript last = read(file, TAIL_BYTES);
        try {
            if (last == NONE && file != null && Files.size(file) > TAIL_BYTES) {
                return read(file, LONG_TAIL_BYTES);
            }
        } catch (IOException | RuntimeException e) {
            return last;
        }
        return last;
    }

    private static Transcript read(@Nullable Path file, int tailBytes) {
        if (file == null) {
            return NONE;
        }
        String tail;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            long start = Math.max(0, length - tailBytes);
            byte[] bytes = new byte[(int) (length - start)];
            f.seek(start);
            f.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
            if (start > 0) {
                // the first line is cut
                int nl = tail.indexOf('\n');
                tail = nl < 0 ? "" : tail.substring(nl + 1);
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        int end = tail.length();
        while (end > 0) {
            int nl = tail.lastIndexOf('\n', end - 1);
            String line = tail.substring(nl + 1, end);
            end = Math.max(nl, 0);
            Transcript t = assistant(line);
            if (t != null) {
                return t;
            }
        }
        return NONE;
    }

    private static @Nullable Transcript assistant(String line) {
        if (!line.contains("\"assistant\"")) {
            return null;
        }
        JsonNode entry;
        try {
            entry = CliJson.read(line);
        } catch (RuntimeException e) {
            return null;
        }
        JsonNode message = entry.path("message");
        String model = message.path("model").asString("");
        // Claude Code writes its own error notices as assistant messages of the model "<synthetic>"
        if (!entry.path("type").asString("").equals("assistant") || model.isEmpty() || model.equals("<synthetic>")) {
            return null;
        }
        JsonNode usage = message.path("usage");
        long input = usage.has("input_tokens")
                ? usage.path("input_tokens").asLong(0)
                        + usage.path("cache_read_input_tokens").asLong(0)
                        + usage.path("cache_creation_input_tokens").asLong(0)
                : -1;
        long output = usage.has("output_tokens") ? usage.path("output_tokens").asLong(0) : -1;
        return new Transcript(model, input, output);
    }
}
