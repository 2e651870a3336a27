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
 * expected files from the actual output; review the diff before committing.
 *
 * @param dir the folder under the test resources, ending in {@code /}, e.g. {@code fixtures/openai/}
 */
public record GoldenFiles(String dir) {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

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
        if (UPDATE) {
            write(name, actual.toPrettyString() + "\n");
            return;
        }
        assertThat(actual.toPrettyString()).as(name).isEqualTo(readJson(name).toPrettyString());
    }

    public void assertText(String name, String actual) {
        if (UPDATE) {
            write(name, actual);
            return;
        }
        assertThat(actual).as(name).isEqualTo(read(name));
    }

    private void write(String name, String text) {
        try {
            Path path = Path.of("src/test/resources", dir, name);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
