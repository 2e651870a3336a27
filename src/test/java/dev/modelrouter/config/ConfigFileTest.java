package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void writesANewFileWithoutABackup() throws Exception {
        ConfigFile file = new ConfigFile(dir.resolve("sub/config.json"));

        assertThat(file.write("{}")).isEmpty();

        assertThat(Files.readString(dir.resolve("sub/config.json"))).isEqualTo("{}");
        assertThat(file.backups()).isEmpty();
    }

    @Test
    void keepsThePreviousVersionAsATimestampedBackup() throws Exception {
        ConfigFile file = new ConfigFile(dir.resolve("config.json"));
        file.write("one");

        Path backup = file.write("two").orElseThrow();

        assertThat(backup.getFileName().toString()).matches("config\\.json\\.\\d{8}-\\d{6}\\.bak");
        assertThat(Files.readString(backup)).isEqualTo("one");
        assertThat(Files.readString(file.path())).isEqualTo("two");
    }

    @Test
    void keepsOnlyTheNewestFiveBackupsAndNoTemporaryFiles() throws Exception {
        ConfigFile file = new ConfigFile(dir.resolve("config.json"));
        for (int i = 0; i < 9; i++) {
            file.write("v" + i);
        }

        List<Path> backups = file.backups();

        assertThat(backups).hasSize(ConfigFile.KEEP_BACKUPS);
        assertThat(backups.stream().map(b -> read(b)).toList()).containsExactly("v7", "v6", "v5", "v4", "v3");
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp"))
                    .hasSize(6);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
