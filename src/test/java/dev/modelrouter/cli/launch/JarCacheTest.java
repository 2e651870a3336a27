package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarCacheTest {

    @TempDir
    Path dir;

    private Path jar(String name, String classBytes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : new String[] {"BOOT-INF/classes/A.class", "BOOT-INF/lib/x.jar"}) {
                ZipEntry e = new ZipEntry(entry);
                e.setLastModifiedTime(FileTime.fromMillis(0));
                zip.putNextEntry(e);
                zip.write((entry.endsWith(".class") ? classBytes : "lib").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void keyFollowsTheContentNotThePlace() throws IOException {
        String key = JarCache.key(jar("a.jar", "class v1"));
        assertThat(JarCache.key(jar("copy.jar", "class v1"))).isEqualTo(key);
        assertThat(JarCache.key(jar("b.jar", "class v2"))).isNotEqualTo(key);
        assertThat(key).matches("[0-9a-f]{20}");
    }

    @Test
    void keyOfTheSameFileIsStable() throws IOException {
        Path jar = jar("a.jar", "class v1");
        assertThat(JarCache.key(jar)).isEqualTo(JarCache.key(jar));
    }

    @Test
    void aLaterPublishLeavesTheFirstInPlace() throws IOException {
        Path target = dir.resolve("jar-k");
        Path first = Files.createDirectories(dir.resolve("first"));
        Files.writeString(first.resolve("model-router.jar"), "first");
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(second.resolve("model-router.jar"), "second");

        JarCache.publish(first, target);
        JarCache.publish(second, target);

        assertThat(Files.readString(target.resolve("model-router.jar"))).isEqualTo("first");
        assertThat(first).doesNotExist();
    }

    @Test
    void archiveIsNamedForTheDaemonsJdk() {
        JarCache cache = new JarCache(dir, dir.resolve("model-router.jar"), true);
        Path archive = cache.archive(DaemonJava.current());
        assertThat(archive.getParent()).isEqualTo(dir);
        // the name the archives of earlier builds have, so that a cache they trained stays in use
        assertThat(archive.getFileName().toString())
                .isEqualTo("daemon-" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.+-]", "_") + ".jsa");
        assertThat(cache.archive(new DaemonJava("java", 25, "25.0.3+9-LTS")))
                .isEqualTo(dir.resolve("daemon-25.0.3+9-LTS.aot"));
    }

    @Test
    void checksumTellsApartDirectoriesThatDifferInOneByteOrInLength() {
        byte[] directory = "PK\u0001\u0002 BOOT-INF/classes/A.class crc=1234".getBytes(StandardCharsets.UTF_8);
        String key = JarCache.checksum(directory);
        assertThat(key).matches("[0-9a-f]{20}").isEqualTo(JarCache.checksum(directory.clone()));
        for (int i = 0; i < directory.length; i++) {
            byte[] changed = directory.clone();
            changed[i] ^= 1;
            assertThat(JarCache.checksum(changed)).as("byte %d", i).isNotEqualTo(key);
        }
        assertThat(JarCache.checksum(java.util.Arrays.copyOf(directory, directory.length + 1)))
                .isNotEqualTo(key);
    }

    @Test
    void pruningDeletesOtherLayoutsNobodyHoldsAndAbandonedStagingFolders() throws IOException {
        Path current = Files.createDirectories(dir.resolve("jar-current"));
        Path old = Files.createDirectories(dir.resolve("jar-old").resolve("lib"));
        Files.writeString(old.resolve("x.jar"), "old");
        Path abandoned = Files.createDirectories(dir.resolve("extracting-123"));
        Files.setLastModifiedTime(abandoned, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3_600_000L));
        Path extracting = Files.createDirectories(dir.resolve("extracting-456"));

        new JarCache(current, current.resolve("model-router.jar"), true).pruneOthers();

        assertThat(dir.resolve("jar-old")).doesNotExist();
        assertThat(abandoned).doesNotExist();
        assertThat(extracting).as("a start may be extracting into it now").exists();
        assertThat(current).exists();
    }

    @Test
    void pruningKeepsALayoutWhoseLockIsHeld() throws IOException {
        Path current = Files.createDirectories(dir.resolve("jar-current"));
        Path held = Files.createDirectories(dir.resolve("jar-held"));
        try (FileChannel channel = FileChannel.open(
                        dir.resolve("jar-held.lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
            new JarCache(current, current.resolve("model-router.jar"), true).pruneOthers();
            assertThat(held).exists();
        }
        new JarCache(current, current.resolve("model-router.jar"), true).pruneOthers();
        assertThat(held).doesNotExist();
    }
}
