package dev.modelrouter.cli.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JDK the daemon runs on, and the kind of start-up archive it keeps. From JDK 25 on, an ahead-of-time
 * cache (JEP 483, 514) holds the daemon's classes loaded and linked, where JDK 17's class-data archive
 * holds them only parsed: a quarter less start-up CPU, which on one core is a quarter less wall time. So
 * the daemon takes, in this order, the JDK that {@code ROUTER_JAVA} names, the JDK running this JVM when
 * it is 25 or later, the newest JDK of 25 or later installed beside it (as {@code /usr/lib/jvm} and
 * macOS's {@code JavaVirtualMachines} keep them) that no other account can have placed or changed there
 * ({@link #trusted}), or else the JDK running this JVM.
 *
 * @param java the {@code java} executable
 * @param feature the JDK's feature release (17, 25), 0 when unknown
 * @param runtimeVersion its full runtime version, which an archive is tied to
 */
public record DaemonJava(String java, int feature, String runtimeVersion) {

    /** Environment variable naming the daemon's JDK: its home folder or its {@code java}. */
    public static final String ENV = "ROUTER_JAVA";

    /**
     * The file in which {@code scripts/router}'s training ({@link ArchiveTraining#main}) names the JDK it
     * trained for, its archive and the JDK's own options ({@link #jdkOptions}), one per line, beside the
     * extracted jar.
     */
    public static final String TRAINED = "daemon.java";

    /** The first feature release whose ahead-of-time cache the daemon uses. */
    static final int AOT_CACHE_FEATURE = 25;

    /** The first feature release that takes {@code --sun-misc-unsafe-memory-access}. */
    static final int UNSAFE_WARNING_FEATURE = 23;

    /** The JDK running this JVM. */
    public static DaemonJava current() {
        return new DaemonJava(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                leadingNumber(System.getProperty("java.specification.version", "0")),
                System.getProperty("java.runtime.version", "unknown"));
    }

    /** The daemon's JDK in this environment (see the class comment). */
    public static DaemonJava find(Map<String, String> env) {
        String named = env.getOrDefault(ENV, "").trim();
        if (!named.isEmpty()) {
            return named(named, env.getOrDefault("PATH", ""));
        }
        DaemonJava current = current();
        if (current.feature() >= AOT_CACHE_FEATURE) {
            return current;
        }
        DaemonJava newest = newestBeside(Path.of(System.getProperty("java.home")));
        return newest != null && newest.feature() >= AOT_CACHE_FEATURE ? newest : current;
    }

    /**
     * The options this JDK needs beyond {@link ChildJvm#DAEMON_OPTIONS}, which every JDK from 17 on takes.
     * From JDK 23 on, {@code sun.misc.Unsafe}'s memory access warns by default (JEP 471), and on such a
     * JDK Netty keeps off {@code Unsafe} unless the JVM allows it. Netty then frees its direct buffers
     * through the foreign-function linker, whose method handles the JVM spins at start: some 70 ms of a
     * one-core start, and Netty's buffers lose their {@code Unsafe} fast paths. Allowing the access keeps
     * Netty as it runs on JDK 17, and the JVM quiet.
     */
    public List<String> jdkOptions() {
        return feature >= UNSAFE_WARNING_FEATURE ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of();
    }

    /** Whether the daemon keeps an ahead-of-time cache rather than a class-data archive. */
    public boolean aotCache() {
        return feature >= AOT_CACHE_FEATURE;
    }

    /**
     * {@code daemon-<runtime version>.aot} or {@code .jsa}, characters outside {@code [A-Za-z0-9.+-]} as
     * {@code _}: an archive only fits the JDK that wrote it.
     */
    public String archiveName() {
        StringBuilder name = new StringBuilder("daemon-");
        for (int i = 0; i < runtimeVersion.length(); i++) {
            char c = runtimeVersion.charAt(i);
            boolean kept = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '+'
                    || c == '-';
            name.append(kept ? c : '_');
        }
        return name.append(aotCache() ? ".aot" : ".jsa").toString();
    }

    /**
     * The options that make a daemon start from {@code archive}. The cache holds no method profiles (see
     * {@link #recordOptions}), so the JVM's thread that would replay them is not started: it had nothing to
     * replay, yet woke at every compilation, and on one core those switches cost a start 0.1–0.2 s
     * (alternated starts).
     */
    public List<String> startOptions(Path archive) {
        return aotCache()
                ? List.of(
                        "-XX:AOTCache=".concat(archive.toString()),
                        "-Xlog:aot=off",
                        "-Xlog:cds=off",
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:-AOTReplayTraining")
                : List.of(
                        "-XX:SharedArchiveFile=".concat(archive.toString()), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * The options that make a training daemon record what goes into {@code archive}: the class-data archive
     * itself when it exits, or the ahead-of-time cache's configuration ({@link #configuration}), from
     * which {@link #createCommand} then makes the cache. The cache is made without the training run's
     * method profiles (JEP 515): replayed at start, they had the optimising compiler compile early what
     * the start-up no longer needed, which cost a one-core start 0.2 s.
     */
    public List<String> recordOptions(Path archive) {
        return aotCache()
                ? List.of(
                        "-XX:AOTMode=record",
                        "-XX:AOTConfiguration=".concat(configuration(archive).toString()),
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:-AOTRecordTraining",
                        "-Xlog:aot=off",
                        "-Xlog:cds=off")
                : List.of(
                        "-XX:ArchiveClassesAtExit=".concat(archive.toString()),
                        "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off");
    }

    /**
     * The command that makes the ahead-of-time cache {@code archive} from a recorded configuration, for
     * a daemon with {@code jvmOptions} running {@code appJar}; empty for a class-data archive, which the
     * recording daemon writes itself. (JDK 25's one-step {@code -XX:AOTCacheOutput} makes it in a
     * process the exiting daemon starts, which a daemon stopped by a signal did not always wait for.)
     */
    public List<String> createCommand(List<String> jvmOptions, Path archive, Path appJar) {
        if (!aotCache()) {
            return List.of();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(
                "-XX:AOTMode=create",
                "-XX:AOTConfiguration=".concat(configuration(archive).toString()),
                "-XX:AOTCache=".concat(archive.toString()),
                "-Xlog:aot=off",
                "-Xlog:cds=off",
                "-cp",
                appJar.toString()));
        return cmd;
    }

    /** Where the recording daemon writes the configuration of the ahead-of-time cache {@code archive}. */
    static Path configuration(Path archive) {
        return archive.resolveSibling(archive.getFileName().toString().concat(".conf"));
    }

    /** The JDK of the {@code java} executable at {@code java}. */
    public static DaemonJava at(String java) {
        return named(java, "");
    }

    /** The JDK {@code ROUTER_JAVA} names: a home folder, a {@code java} path, or a command on the PATH. */
    static DaemonJava named(String named, String path) {
        Path java = Path.of(named);
        if (Files.isDirectory(java)) {
            java = java.resolve("bin").resolve("java");
        } else if (!named.contains(File.separator)) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, named);
                if (Files.isExecutable(candidate)) {
                    java = candidate;
                    break;
                }
            }
        }
        Path home = homeOf(java);
        DaemonJava known = home == null ? null : inHome(home);
        return known != null
                ? new DaemonJava(java.toString(), known.feature(), known.runtimeVersion())
                : new DaemonJava(java.toString(), 0, "unknown");
    }

    /** The JDK home of a {@code java} executable (links followed), or null. */
    private static @Nullable Path homeOf(Path java) {
        try {
            Path bin = java.toRealPath().getParent();
            return bin == null ? null : bin.getParent();
        } catch (IOException e) {
            return null;
        }
    }

    /** The newest JDK installed beside {@code home} (its siblings, or macOS bundles' {@code Contents/Home}). */
    static @Nullable DaemonJava newestBeside(Path home) {
        boolean bundle = home.endsWith(Path.of("Contents", "Home"));
        Path parent = bundle ? home.getParent().getParent().getParent() : home.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return null;
        }
        DaemonJava newest = null;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            UserPrincipal owner = Files.getOwner(home.resolve("bin").resolve("java"));
            for (Path dir : dirs) {
                Path jdkHome = bundle ? dir.resolve("Contents").resolve("Home") : dir;
                DaemonJava jdk = inHome(jdkHome);
                if (jdk != null && (newest == null || newer(jdk, newest)) && trusted(jdkHome, owner)) {
                    newest = jdk;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return newest;
    }

    /**
     * Whether a JDK found beside the user's may run the daemon: its folder, {@code bin} and {@code java}
     * belong to root or to the owner of the user's own {@code java}, and none is writable by group or
     * others. The user never named it, so where that parent folder is open to other accounts, one of them
     * could otherwise plant a {@code java} there that the daemon would run with the user's keys. On a file
     * system without POSIX permissions (Windows) the check is left to the system's own.
     */
    static boolean trusted(Path jdkHome, UserPrincipal owner) {
        Path bin = jdkHome.resolve("bin");
        for (Path p : List.of(jdkHome, bin, bin.resolve("java"))) {
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(p, PosixFileAttributes.class);
            } catch (UnsupportedOperationException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            boolean ownerTrusted = attributes.owner().getName().equals("root")
                    || attributes.owner().equals(owner);
            if (!ownerTrusted
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code a} is a later release than {@code b} (then by version and path, so the pick is stable). */
    private static boolean newer(DaemonJava a, DaemonJava b) {
        if (a.feature() != b.feature()) {
            return a.feature() > b.feature();
        }
        int byVersion = a.runtimeVersion().compareTo(b.runtimeVersion());
        return byVersion != 0 ? byVersion > 0 : a.java().compareTo(b.java()) < 0;
    }

    /** The JDK in {@code home}, read from its {@code release} file, or null where there is none. */
    static @Nullable DaemonJava inHome(Path home) {
        Path java = home.resolve("bin").resolve("java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            return null;
        }
        String version = null;
        String runtime = null;
        try {
            for (String line : Files.readAllLines(release)) {
                version = line.startsWith("JAVA_VERSION=") ? unquoted(line) : version;
                runtime = line.startsWith("JAVA_RUNTIME_VERSION=") ? unquoted(line) : runtime;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (version == null) {
            return null;
        }
        return new DaemonJava(java.toString(), leadingNumber(version), runtime != null ? runtime : version);
    }

    /** The number {@code version} starts with ({@code 25} of {@code 25.0.3}; {@code 1} of {@code 1.8.0}). */
    private static int leadingNumber(String version) {
        int n = 0;
        for (int i = 0; i < version.length() && i < 4 && Character.isDigit(version.charAt(i)); i++) {
            n = n * 10 + (version.charAt(i) - '0');
        }
        return n;
    }

    private static String unquoted(String line) {
        String value = line.substring(line.indexOf('=') + 1).trim();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
