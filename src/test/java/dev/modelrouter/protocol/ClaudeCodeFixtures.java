package dev.modelrouter.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The recorded Claude Code requests under {@code src/test/resources/fixtures/claude-code} (see its README). */
public final class ClaudeCodeFixtures {

    private static final String DIR = "fixtures/claude-code/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ClaudeCodeFixtures() {}

    /** The names of every recorded request body ({@code main-turn.request.json}, ...), sorted. */
    public static List<String> requests() {
        URL dir = ClaudeCodeFixtures.class.getClassLoader().getResource(DIR);
        if (dir == null) {
            throw new IllegalStateException("missing " + DIR);
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".request.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the body is a {@code /v1/messages/count_tokens} call rather than a create call. */
    public static boolean isCountTokens(String name) {
        return name.startsWith("count-tokens");
    }

    /** A fresh, mutable copy of a recorded body, e.g. {@code main-turn.request.json}. */
    public static ObjectNode request(String name) {
        return (ObjectNode) resource(DIR + name);
    }

    /** Any JSON file under {@code src/test/resources}, e.g. {@code fixtures/anthropic/x.request.json}. */
    public static JsonNode resource(String path) {
        try (InputStream in = ClaudeCodeFixtures.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON text parsed. */
    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }
}
