package dev.modelrouter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
