package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void archiveIsNamedForThisJdk() {
        JarCache cache = new JarCache(dir, dir.resolve("model-router.jar"), true);
        assertThat(cache.archive().getParent()).isEqualTo(dir);
        assertThat(cache.archive().getFileName().toString())
                .startsWith("daemon-" + Runtime.version().feature())
                .endsWith(".jsa");
    }
}
