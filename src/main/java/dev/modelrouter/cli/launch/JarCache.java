package dev.modelrouter.cli.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;

/**
 * One jar's extracted layout ({@code java -Djarmode=tools -jar JAR extract}: the application jar plus
 * {@code lib/}, where classes load from plain jars rather than nested ones) and its class-data archive, in
 * {@code $ROUTER_HOME/cache/jar-<key>/}. The key is a hash of the jar's content, so a rebuilt or replaced
 * jar gets a folder of its own and can never start on the classes or the archive of another.
 *
 * @param dir the folder, complete once it exists (it is filled under another name and renamed)
 * @param appJar the extracted application jar, whose manifest names the libraries and the real main class
 * @param aot whether the jar holds the bean definitions that {@code spring-boot:process-aot} generates
 */
public record JarCache(Path dir, Path appJar, boolean aot) {

    /** A staging folder this old was left by a start that died while extracting. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    /** The layouts this JVM uses, each with the shared lock that keeps other starts from pruning it. */
    private static final Map<Path, FileChannel> IN_USE = new ConcurrentHashMap<>();

    static final String AOT_INITIALIZER =
            "BOOT-INF/classes/dev/modelrouter/RouterApplication__ApplicationContextInitializer.class";

    /** The start-up archive for this layout on {@code java} (an archive only fits the JDK that wrote it). */
    public Path archive(DaemonJava java) {
        return dir.resolve(java.archiveName());
    }

    /** The cache of {@code jar} under {@code root}, extracting the jar first when this is its first start. */
    static JarCache open(Path jar, Path root) throws IOException {
        boolean aot;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.getEntry("BOOT-INF/classes/") == null && zip.getEntry("BOOT-INF/lib/") == null) {
                throw new IOException(jar + " is not a Spring Boot jar");
            }
            aot = zip.getEntry(AOT_INITIALIZER) != null;
        }
        // String.concat, not +: each + site costs the launching JVM a string-concatenation bootstrap before the
        // child starts (ChildJvm.command likewise)
        Path dir = root.resolve("jar-".concat(key(jar)));
        Path appJar = dir.resolve(jar.getFileName().toString());
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root); // which throws and catches an exception inside when root exists
        }
        use(dir); // before looking: a start pruning this layout finishes first, and then it is extracted anew
        if (!Files.isRegularFile(appJar)) {
            Path staging = Files.createTempDirectory(root, "extracting-");
            try {
                extract(jar, staging);
                publish(staging, dir);
            } finally {
                FileTrees.delete(staging);
            }
        }
        if (!Files.isRegularFile(appJar)) {
            throw new IOException("the extracted layout in " + dir + " has no " + appJar.getFileName());
        }
        return new JarCache(dir, appJar, aot);
    }

    /**
     * Deletes the layouts of other jars (each new build or version gets its own folder of about 100 MB)
     * that no running start holds, and staging folders abandoned by a start that died while extracting.
     * A layout in use is kept: its launcher holds a shared lock on {@code jar-<key>.lock} for its life.
     */
    void pruneOthers() {
        Path root = dir.getParent();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith("jar-") && Files.isDirectory(p) && !p.equals(dir)) {
                    pruneIfUnused(p);
                } else if (name.startsWith("extracting-") && olderThan(p, ABANDONED)) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // pruning is housekeeping: the next start tries again
        }
    }

    private static void pruneIfUnused(Path layout) throws IOException {
        try (FileChannel channel = lockFile(layout);
                FileLock lock = channel.tryLock()) {
            if (lock != null) {
                FileTrees.delete(layout);
            }
        } catch (OverlappingFileLockException e) {
            // this JVM uses it
        }
    }

    /** Holds a shared lock on {@code layout}'s lock file until this JVM exits. */
    private static void use(Path layout) throws IOException {
        if (IN_USE.containsKey(layout)) {
            return;
        }
        FileChannel channel = lockFile(layout);
        channel.lock(0, Long.MAX_VALUE, true);
        if (IN_USE.putIfAbsent(layout, channel) != null) {
            channel.close();
        }
    }

    /** The lock file beside {@code layout}: it outlives the folder, so every start of that key locks the same file. */
    private static FileChannel lockFile(Path layout) throws IOException {
        Path file = layout.resolveSibling(layout.getFileName().toString().concat(".lock"));
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static boolean olderThan(Path p, Duration age) throws IOException {
        return Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(age));
    }

    /**
     * A checksum of the jar's central directory, which lists every entry with its name, sizes and CRC-32:
     * any change to any class or library changes it. CRC-32 and Adler-32 run as native code even in the
     * launching JVM's interpreter, where a SHA-256 of the same 130 KB took some 30 ms of every start (on a busy
     * two-core machine); the key only tells builds apart and guards against no adversary (whoever can write
     * the jar runs it anyway).
     */
    public static String key(Path jar) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(jar.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 22 + 65_535);
            byte[] end = new byte[tail];
            file.seek(length - tail);
            file.readFully(end);
            ByteBuffer buf = ByteBuffer.wrap(end).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = tail - 22; i >= 0; i--) {
                if (buf.getInt(i) == 0x06054b50) { // end of central directory record
                    long size = Integer.toUnsignedLong(buf.getInt(i + 12));
                    long offset = Integer.toUnsignedLong(buf.getInt(i + 16));
                    if (size == 0xFFFFFFFFL || offset == 0xFFFFFFFFL || offset + size > length) {
                        throw new IOException(jar + ": a zip64 or damaged central directory");
                    }
                    byte[] directory = new byte[(int) size];
                    file.seek(offset);
                    file.readFully(directory);
                    return checksum(directory);
                }
            }
            throw new IOException(jar + " has no zip central directory");
        }
    }

    /** 20 hex digits: CRC-32, Adler-32 and the low 16 bits of the length. */
    static String checksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length);
        Adler32 adler = new Adler32();
        adler.update(bytes, 0, bytes.length);
        StringBuilder hex = new StringBuilder(20);
        hex(hex, crc.getValue(), 8);
        hex(hex, adler.getValue(), 8);
        hex(hex, bytes.length & 0xFFFF, 4);
        return hex.toString();
    }

    private static void hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((int) (value >>> shift) & 0xF, 16));
        }
    }

    /** Spring Boot's own extraction, in a JVM of its own with the client commands' options. */
    private static void extract(Path jar, Path into) throws IOException {
        Path log = into.resolveSibling(into.getFileName() + ".log");
        List<String> cmd = List.of(
                DaemonJava.current().java(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djarmode=tools",
                "-jar",
                jar.toString(),
                "extract",
                "--force",
                "--destination",
                into.toString());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("extracting " + jar + " took over 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("extracting " + jar + " failed: "
                        + Files.readString(log).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting " + jar, e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Renames a complete {@code staging} folder to {@code dir}; when another start got there first (the
     * rename finds {@code dir} there), theirs is as good as ours and stays.
     */
    static void publish(Path staging, Path dir) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another start published the same content first
        } catch (IOException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }
}
