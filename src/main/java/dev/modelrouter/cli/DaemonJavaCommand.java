package dev.modelrouter.cli;

import dev.modelrouter.cli.launch.ChildJvm;
import dev.modelrouter.cli.launch.DaemonJava;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The command line of a daemon that {@code router start} spawns: the JVM, its options and {@code serve}. */
final class DaemonJavaCommand {

    private DaemonJavaCommand() {}

    /** {@code java -jar <this jar> serve}, detached from the terminal's signals where setsid exists. */
    static List<String> of(Map<String, String> env, @Nullable Path config, @Nullable Integer port) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        String cp = System.getProperty("java.class.path", "");
        Trained trained = trained(cp);
        cmd.add(
                trained != null
                        ? trained.java()
                        : Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString());
        String opts = env.getOrDefault("ROUTER_DAEMON_JAVA_OPTS", "").trim();
        List<String> own = opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
        cmd.addAll(ChildJvm.daemonOptions(own));
        cmd.addAll(trained != null ? trained.jdkOptions() : DaemonJava.current().jdkOptions());
        cmd.addAll(own);
        cmd.addAll(fastStartOptions(trained));
        if (!cp.contains(File.pathSeparator) && cp.endsWith(".jar")) {
            cmd.add("-jar");
            cmd.add(Path.of(cp).toAbsolutePath().toString());
        } else {
            cmd.add("-cp");
            cmd.add(cp);
            cmd.add(RouterCli.class.getName());
        }
        cmd.add("serve");
        cmd.add("--detached");
        if (config != null) {
            cmd.add("--config");
            cmd.add(config.toString());
        }
        if (port != null) {
            cmd.add("--port");
            cmd.add(port.toString());
        }
        return cmd;
    }

    /**
     * The JDK and the archive {@code scripts/router} trained beside an extracted jar ({@code daemon.java}),
     * with that JDK's own options ({@link DaemonJava#jdkOptions}) and the archive's.
     */
    record Trained(String java, List<String> jdkOptions, List<String> startOptions) {}

    /** What {@code scripts/router} trained beside {@code classPath}'s jar, when it is one and that JDK is there. */
    static @Nullable Trained trained(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return null;
        }
        Path dir = Path.of(classPath).toAbsolutePath().getParent();
        try {
            List<String> lines = Files.readAllLines(dir.resolve(DaemonJava.TRAINED));
            if (lines.size() < 2 || !Files.isExecutable(Path.of(lines.get(0)))) {
                return null;
            }
            DaemonJava java = DaemonJava.at(lines.get(0));
            Path archive = dir.resolve(lines.get(1));
            return Files.isRegularFile(archive)
                    ? new Trained(lines.get(0), java.jdkOptions(), java.startOptions(archive))
                    : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The bean definitions generated at build time when this build has them, and the start-up archive
     * that {@code scripts/router} records beside an extracted jar: together they halve the start-up.
     */
    static List<String> fastStartOptions(@Nullable Trained trained) {
        List<String> options = new ArrayList<>();
        if (DaemonJavaCommand.class.getClassLoader().getResource(AOT_INITIALIZER) != null) {
            options.add("-Dspring.aot.enabled=true");
        }
        if (trained != null) {
            options.addAll(trained.startOptions());
        }
        return options;
    }

    static final String AOT_INITIALIZER = "dev/modelrouter/RouterApplication__ApplicationContextInitializer.class";
}
