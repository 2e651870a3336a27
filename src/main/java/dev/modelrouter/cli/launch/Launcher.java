package dev.modelrouter.cli.launch;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The jar's {@code Main-Class}, stored at the jar's root by the build so that it runs before Spring Boot's
 * {@code JarLauncher} reads the nested jars (about 0.4 s of CPU). A plain {@code java -jar model-router.jar
 * serve} gets none of the options that {@code scripts/router} gives the daemon, and loads every class from
 * nested jars: twice the start-up. So {@code serve} relaunches itself as a child JVM on the fast path (see
 * {@link JarCache} and {@link ChildJvm}) and this JVM only waits for it. Everything else, and {@code serve}
 * when the fast path is switched off ({@code ROUTER_NO_RELAUNCH=1} or {@code -Drouter.noRelaunch=true}) or
 * fails before the child starts, runs in this JVM through {@code JarLauncher} as before.
 */
public final class Launcher {

    /** Environment variable that keeps {@code serve} in the JVM the user started. */
    public static final String NO_RELAUNCH_ENV = "ROUTER_NO_RELAUNCH";

    /** System property that keeps {@code serve} in the JVM the user started. */
    public static final String NO_RELAUNCH_PROPERTY = "router.noRelaunch";

    private static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        Path jar = bootJar(System.getProperty("java.class.path", ""));
        if (jar != null && relaunches(args, System.getenv())) {
            OptionalInt code = relaunch(jar, args);
            if (code.isPresent()) {
                System.exit(code.getAsInt());
            }
        }
        try {
            Class.forName(BOOT_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Whether these arguments, in this environment, take the fast path. */
    static boolean relaunches(String[] args, Map<String, String> env) {
        return args.length > 0
                && args[0].equals("serve")
                && System.getProperty("jarmode") == null
                && !Boolean.getBoolean(NO_RELAUNCH_PROPERTY)
                && env.getOrDefault(NO_RELAUNCH_ENV, "").isEmpty();
    }

    /** The class path when it is one Spring Boot jar (as under {@code java -jar}), else null. */
    static @Nullable Path bootJar(String classPath) {
        if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        return Files.isRegularFile(jar) ? jar : null;
    }

    /** Runs {@code serve} in a child JVM and returns its exit code, or nothing when the fast path failed. */
    private static OptionalInt relaunch(Path jar, String[] args) {
        ChildJvm child;
        try {
            JarCache cache = JarCache.open(jar, cacheRoot(System.getenv()));
            DaemonJava java = DaemonJava.find(System.getenv());
            child = ChildJvm.of(
                    cache, java, ProcessHandle.current().info().arguments().orElse(new String[0]));
            if (!Files.isRegularFile(cache.archive(java))) {
                ArchiveTraining.startIfNeeded(cache, java, child.options());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("model-router: no fast start (" + e + "); starting in this JVM (" + NO_RELAUNCH_ENV
                    + "=1 skips the attempt)");
            return OptionalInt.empty();
        }
        return OptionalInt.of(child.run(args));
    }

    /**
     * {@code $ROUTER_HOME/cache}, with {@code ROUTER_HOME} resolved as {@code RouterHome} does (a test keeps
     * the two equal): this class cannot use the router's own classes, which sit in the nested layout.
     */
    static Path cacheRoot(Map<String, String> env) {
        String userHome = env.getOrDefault("HOME", "").trim();
        userHome = userHome.isEmpty() ? System.getProperty("user.home") : userHome;
        String dir = env.getOrDefault("ROUTER_HOME", "").trim();
        if (dir.isEmpty()) {
            dir = Path.of(userHome, ".router").toString();
        } else if (dir.equals("~") || dir.startsWith("~/")) {
            dir = userHome + dir.substring(1);
        }
        return Path.of(dir).toAbsolutePath().normalize().resolve("cache");
    }
}
