package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.JsonTrees;
import dev.modelrouter.config.RouterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The folder of realistic ccr 2.x configs ({@code src/test/resources/ccr-configs}), each copied as a
 * user's {@code ~/.claude-code-router} (also the router's home) and loaded unchanged: {@code router config validate} accepts it,
 * every {@code $VAR} it names is filled from the environment, no key of it is left unacted on, and every
 * preset in its {@code presets/} installs. {@code CcrConfigsIT} serves their turns.
 */
class CcrConfigsTest {

    static final Path FOLDER = Path.of("src/test/resources/ccr-configs");

    @TempDir
    Path home;

    static Stream<String> configs() throws IOException {
        try (Stream<Path> dirs = Files.list(FOLDER)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    /** Copies {@code from} into {@code to}, every file byte for byte. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void loadsUnchangedValidatesAndInterpolatesItsEnvironment(String name) throws Exception {
        Path ccr = home.resolve(".claude-code-router");
        copy(FOLDER.resolve(name), ccr);
        JsonNode expect = CliJson.read(Files.readString(ccr.resolve("expect.json")));
        Map<String, String> env = new HashMap<>();
        expect.path("env")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        env.put("HOME", home.toString());
        // the router's home is the ccr folder itself, so its plugins/ is the router's (JS transformers load
        // only from there or from the real ~/.claude-code-router/plugins, which this JVM's HOME is not)
        env.put("ROUTER_HOME", ccr.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path file = ccr.resolve("config.json");

        CliRun validate = CliRun.of(env, "config", "validate", file.toString());

        assertThat(validate.exit()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.out()).doesNotContain("not active yet");
        RouterConfig config = ConfigLoader.load(file, env);
        assertThat(config.warnings()).as("warnings of %s", name).isEmpty();
        assertThat(config.inactiveKeys()).isEmpty();
        for (JsonNode provider : config.raw().path("Providers")) {
            assertThat(provider.path("api_key").asString()).doesNotContain("$").isNotBlank();
        }
        config.customRouter().ifPresent(p -> assertThat(p).isRegularFile());
        assertThat(Files.readString(file))
                .isEqualTo(Files.readString(FOLDER.resolve(name).resolve("config.json")));
        Path presets = ccr.resolve("presets");
        if (Files.isDirectory(presets)) {
            installsEachPreset(presets, env);
        }
    }

    private static void installsEachPreset(Path presets, Map<String, String> env) throws IOException {
        try (Stream<Path> dirs = Files.list(presets)) {
            for (Path dir : dirs.toList()) {
                JsonNode manifest = JsonTrees.read(JsonTrees.JSON5, Files.readString(dir.resolve("manifest.json")));
                List<String> args = new ArrayList<>(List.of("preset", "install", dir.toString()));
                for (JsonNode input : manifest.path("schema")) {
                    args.addAll(List.of(
                            "--input",
                            input.path("id").asString() + "=value-of-"
                                    + input.path("id").asString()));
                }
                // ccr keeps installed presets in presets/, so this home already has it
                CliRun info =
                        CliRun.of(env, "preset", "info", manifest.path("name").asString());
                assertThat(info.exit()).as(info.err()).isZero();
                Map<String, String> other = new HashMap<>(env);
                other.put(
                        "ROUTER_HOME", Files.createTempDirectory("router-home").toString());
                CliRun install = CliRun.of(other, args.toArray(String[]::new));
                assertThat(install.exit()).as(install.err()).isZero();
            }
        }
    }
}
