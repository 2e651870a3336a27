package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.modelrouter.spi.Transformer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * Builds plugin jars in tests the way a plugin project's build does: javac against the router's SPI
 * and model classes plus Reactor and Jackson (what a plugin project gets as {@code provided}), then a
 * jar with the compiled classes and the resources.
 */
final class PluginJars {

    private PluginJars() {}

    /** A jar of the sources and resources below a Maven-style project folder. */
    static Path fromProject(Path project, Path outDir, String jarName) {
        Map<String, String> resources = new LinkedHashMap<>();
        Path resourceRoot = project.resolve("src/main/resources");
        for (Path file : files(resourceRoot)) {
            resources.put(resourceRoot.relativize(file).toString().replace('\\', '/'), read(file));
        }
        return build(outDir, jarName, files(project.resolve("src/main/java")), resources);
    }

    /**
     * A jar of in-memory sources.
     *
     * @param sources Java sources keyed by fully qualified class name
     * @param resources resource texts keyed by their path in the jar
     */
    static Path fromSources(Path outDir, String jarName, Map<String, String> sources, Map<String, String> resources) {
        try {
            Path src = Files.createTempDirectory(outDir, "src");
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file);
            }
            return build(outDir, jarName, files, resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A services file's path in a jar. */
    static String services(Class<?> spi) {
        return "META-INF/services/" + spi.getName();
    }

    private static Path build(Path outDir, String jarName, List<Path> sources, Map<String, String> resources) {
        try {
            Path classes = Files.createTempDirectory(outDir, "classes");
            compile(sources, classes);
            Path jar = outDir.resolve(jarName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                for (Path file : files(classes)) {
                    put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
                for (Map.Entry<String, String> resource : resources.entrySet()) {
                    put(out, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<Path> sources, Path classes) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK with javac").isNotNull();
        String classPath = Stream.of(
                        Transformer.class,
                        Flux.class,
                        Publisher.class,
                        JsonNode.class,
                        JsonParser.class,
                        JsonProperty.class,
                        Nullable.class)
                .map(PluginJars::location)
                .distinct()
                .collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> args = new ArrayList<>(List.of(
                "--release",
                "17",
                "-proc:none",
                "-nowarn",
                "-encoding",
                "UTF-8",
                "-cp",
                classPath,
                "-d",
                classes.toString()));
        sources.forEach(s -> args.add(s.toString()));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, OutputStream.nullOutputStream(), errors, args.toArray(String[]::new));
        assertThat(status)
                .as("javac: %s", errors.toString(StandardCharsets.UTF_8))
                .isZero();
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
