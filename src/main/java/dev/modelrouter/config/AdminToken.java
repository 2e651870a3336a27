package dev.modelrouter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The credential of the admin API ({@code /api/**}, {@code /actuator/**}): 32 random bytes, URL-safe
 * Base64, in {@code $ROUTER_HOME/admin-token}, readable by the user alone. The daemon creates it on its
 * first start and keeps it across restarts; the CLI reads it from there. It is separate from
 * {@code APIKEY}, which clients of the inference endpoints hold, so handing a tool the client key does
 * not hand it the config and its provider keys. {@link #toString()} never shows the value.
 */
public final class AdminToken {

    private static final int BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43,}");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final String value;

    private AdminToken(String value) {
        this.value = value;
    }

    /**
     * The token of {@code home}, created (atomically, mode 0600) when there is none yet. A file that others
     * may read is narrowed to the owner; a file that holds no token is replaced.
     *
     * @throws IOException when the file can be neither read nor written
     */
    public static AdminToken loadOrCreate(RouterHome home) throws IOException {
        Path file = home.adminTokenFile();
        Optional<AdminToken> existing = read(file);
        if (existing.isPresent()) {
            ownerOnly(file);
            return existing.get();
        }
        Files.createDirectories(home.dir());
        byte[] random = new byte[BYTES];
        new SecureRandom().nextBytes(random);
        AdminToken fresh =
                new AdminToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        Path tmp = Files.createTempFile(home.dir(), ".admin-token", ".tmp", permissions());
        try {
            Files.writeString(tmp, fresh.value + "\n", StandardCharsets.US_ASCII);
            ownerOnly(tmp);
            publish(tmp, file, Files.exists(file));
        } finally {
            Files.deleteIfExists(tmp);
        }
        // two daemons starting at once on one home: the first file in place wins, both use it
        return read(file).orElseThrow(() -> new IOException("cannot read back " + file));
    }

    /** The token in {@code home}, empty when there is no readable one (no daemon ran, or another user's). */
    public static Optional<AdminToken> read(RouterHome home) {
        return read(home.adminTokenFile());
    }

    private static Optional<AdminToken> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return SHAPE.matcher(text).matches() ? Optional.of(new AdminToken(text)) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts {@code tmp} in place: a hard link does not replace a file another process put there first; a
     * file without a token in it is replaced by a rename, which is atomic too.
     */
    private static void publish(Path tmp, Path file, boolean replace) throws IOException {
        if (!replace) {
            try {
                Files.createLink(file, tmp);
                return;
            } catch (FileAlreadyExistsException e) {
                return;
            } catch (UnsupportedOperationException | IOException e) {
                // a file system without hard links: fall through to the rename
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static FileAttribute<?>[] permissions() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static void ownerOnly(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** The token itself, to send; never log it. */
    public String value() {
        return value;
    }

    /** Whether {@code presented} is this token, in time that does not depend on where they differ. */
    public boolean matches(@Nullable String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[***]";
    }
}
