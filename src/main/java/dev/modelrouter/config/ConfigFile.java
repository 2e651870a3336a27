package dev.modelrouter.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes config.json so that a reader (the watcher, an editor, a crash) never sees half a file: the new
 * text goes to a temporary file in the same folder, which is then moved over the old one in one step.
 * The previous version is kept as {@code config.json.<yyyyMMdd-HHmmss>.bak}; the newest
 * {@value #KEEP_BACKUPS} backups are kept.
 */
public final class ConfigFile {

    /** How many backups are kept. */
    public static final int KEEP_BACKUPS = 5;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path file;

    /** @param file the config file; its folder is created when missing */
    public ConfigFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The file written. */
    public Path path() {
        return file;
    }

    /** The file's text, empty when there is no file. */
    public Optional<String> read() throws IOException {
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /**
     * Backs the current file up (when there is one), then replaces it atomically with {@code text}.
     *
     * @return the backup written, empty when there was no file to back up
     */
    public Optional<Path> write(String text) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Optional<Path> backup = Optional.empty();
        if (Files.exists(file)) {
            Path target = freeBackupName(dir);
            Files.copy(file, target);
            backup = Optional.of(target);
        }
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(text));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        prune();
        return backup;
    }

    /** The backups, newest first. */
    public List<Path> backups() throws IOException {
        return found().stream().map(Backup::path).toList();
    }

    private List<Backup> found() throws IOException {
        Path dir = file.getParent();
        List<Backup> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Pattern pattern =
                Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d{8}-\\d{6})(?:-(\\d+))?\\.bak");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new Backup(p, m.group(1), m.group(2) == null ? 0 : Integer.parseInt(m.group(2))));
                }
            }
        }
        found.sort(Comparator.comparing(Backup::stamp)
                .thenComparingInt(Backup::seq)
                .reversed());
        return found;
    }

    /** The next backup name; within one second a counter keeps the order (pruning may free a lower one). */
    private Path freeBackupName(Path dir) throws IOException {
        String stamp = LocalDateTime.now().format(STAMP);
        int seq = -1;
        for (Backup b : found()) {
            if (b.stamp().equals(stamp)) {
                seq = Math.max(seq, b.seq());
            }
        }
        String base = file.getFileName() + "." + stamp;
        return dir.resolve(seq < 0 ? base + ".bak" : base + "-" + (seq + 1) + ".bak");
    }

    private void prune() throws IOException {
        List<Path> all = backups();
        for (int i = KEEP_BACKUPS; i < all.size(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    private record Backup(Path path, String stamp, int seq) {}
}
