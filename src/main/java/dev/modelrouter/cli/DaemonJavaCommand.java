package dev.modelrouter.cli;

import dev.modelrouter.cli.launch.ChildJvm;
import java.io.File;
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
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = env.getOrDefault("ROUTER_DAEMON_JAVA_OPTS", "").trim();
        List<String> own = opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
        cmd.addAll(ChildJvm.daemonOptions(own));
        cmd.addAll(own);
        String cp = System.getProperty("java.class.path", "");
        cmd.addAll(fastStartOptions(cp));
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
     * The bean definitions generated at build time when this build has them, and the class-data archive
     * that {@code scripts/router} records beside an extracted jar: together they halve the start-up.
     */
    static List<String> fastStartOptions(String classPath) {
        List<String> options = new ArrayList<>();
        if (DaemonJavaCommand.class.getClassLoader().getResource(AOT_INITIALIZER) != null) {
            options.add("-Dspring.aot.enabled=true");
        }
        if (!classPath.contains(File.pathSeparator) && classPath.endsWith(".jar")) {
            Path archive = Path.of(classPath).toAbsolutePath().resolveSibling("daemon.jsa");
            if (Files.isRegularFile(archive)) {
                options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
        }
        return options;
    }

    static final String AOT_INITIALIZER = "dev/modelrouter/RouterApplication__ApplicationContextInitializer.class";
}
