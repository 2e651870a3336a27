package dev.modelrouter.protocol.openai;

import dev.modelrouter.protocol.WireJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Golden files under {@code fixtures/openai/}. Run with {@code -Dgolden.update=true} to (re)write the
 * expected files from the actual output; review the diff before committing.
 */
final class Golden {

    private static final String DIR = "fixtures/openai/";
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {}

    static String read(String name) {
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(String name) {
        return WireJson.parse(read(name));
    }

    static void assertJson(String name, JsonNode actual) {
        if (UPDATE) {
            write(name, actual.toPrettyString() + "\n");
            return;
        }
        JsonNode expected = readJson(name);
        assertThat(actual.toPrettyString()).as(name).isEqualTo(expected.toPrettyString());
    }

    static void assertText(String name, String actual) {
        if (UPDATE) {
            write(name, actual);
            return;
        }
        assertThat(actual).as(name).isEqualTo(read(name));
    }

    private static void write(String name, String text) {
        try {
            Path path = Path.of("src/test/resources", DIR, name);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
