package dev.modelrouter.testing;

import dev.modelrouter.server.RouterConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Config files for tests, written to a temp folder. */
public final class RouterConfigs {

    private RouterConfigs() {}

    /** Writes {@code json} to a fresh temp file and returns its path. */
    public static Path write(String json) {
        try {
            Path dir = Files.createTempDirectory("router-test");
            Path file = dir.resolve("config.json");
            Files.writeString(file, json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the daemon a Spring test starts at {@code json}, written to a temp file when Spring asks for it. */
    public static void register(DynamicPropertyRegistry registry, String json) {
        registry.add(RouterConfiguration.CONFIG_PROPERTY, () -> write(json).toString());
    }

    /** As {@link #register(DynamicPropertyRegistry, String)}, with {@code home} as the daemon's home. */
    public static void register(DynamicPropertyRegistry registry, String json, Path home) {
        register(registry, json);
        registry.add(RouterConfiguration.HOME_PROPERTY, home::toString);
    }
}
