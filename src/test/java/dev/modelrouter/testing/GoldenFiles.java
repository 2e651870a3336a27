package dev.modelrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.protocol.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Golden files under one fixtures folder. Run with {@code -Dgolden.update=true} to (re)write the
 * expected files from the actual output; review the diff before committing. A rewriting run fails every
 * assertion whose file it rewrote, so that it can never pass (in CI or anywhere else) and so accept any
 * output: rerun without the property to see the rewritten files pass.
 *
 * @param dir the folder under the test resources, ending in {@code /}, e.g. {@code fixtures/openai/}
 * @param sources the test resources' source folder, where rewritten files go
 * @param update whether assertions rewrite their files (and fail) instead of checking them
 */
public record GoldenFiles(String dir, Path sources, boolean update) {

    private static final Path SOURCES = Path.of("src/test/resources");

    /** Golden files under {@code dir}, rewritten when the run has {@code -Dgolden.update=true}. */
    public GoldenFiles(String dir) {
        this(dir, SOURCES, updating());
    }

    /** Whether this run rewrites golden files ({@code -Dgolden.update=true}) instead of checking them. */
    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    /**
     * The failure of an assertion whose golden file was rewritten: a rewriting run must never pass, or
     * a build run with {@code -Dgolden.update=true} would accept any output.
     */
    public static AssertionError rewritten(Path file) {
        return new AssertionError(
                "golden file " + file + " rewritten; review the diff and rerun without -Dgolden.update");
    }

    public String read(String name) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(dir + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + dir + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode readJson(String name) {
        return WireJson.parse(read(name));
    }

    public void assertJson(String name, JsonNode actual) {
        if (update) {
            throw rewritten(write(name, actual.toPrettyString() + "\n"));
        }
        assertThat(actual.toPrettyString()).as(name).isEqualTo(readJson(name).toPrettyString());
    }

    public void assertText(String name, String actual) {
        if (update) {
            throw rewritten(write(name, actual));
        }
        assertThat(actual).as(name).isEqualTo(read(name));
    }

    private Path write(String name, String text) {
        try {
            Path path = sources.resolve(dir).resolve(name);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
