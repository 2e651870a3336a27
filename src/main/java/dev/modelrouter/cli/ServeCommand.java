package dev.modelrouter.cli;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.TransformerCheck;
import dev.modelrouter.cli.launch.ChildJvm;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code router serve}: runs the daemon in the foreground. */
@Command(name = "serve", description = "Run the router in the foreground.")
final class ServeCommand implements Callable<Integer> {

    private static final String AOT_ENABLED = "spring.aot.enabled";

    /** Spring Boot's environment prefix: only variables named {@code ROUTER_SPRING_*} set the daemon's Spring properties. */
    static final String SPRING_ENV_PREFIX = "router.spring";

    private static volatile boolean running;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (default: $ROUTER_HOME/config.json)")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "listen on this port instead of the config's PORT")
    Integer port;

    /** Set by {@code router start}: the daemon then ignores the terminal's SIGINT and SIGHUP. */
    @Option(names = "--detached", hidden = true)
    boolean detached;

    static boolean running() {
        return running;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = RouterCli.env(spec);
        RouterHome home = RouterHome.resolve(env);
        Path file = ConfigSource.file(config, env);
        RouterConfig loaded;
        try {
            loaded = ConfigSource.load(file, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println(
                    "the router did not start; fix the config and run it again (`router config validate` checks it)");
            return 2;
        }
        List<String> transformerProblems = TransformerCheck.problems(loaded, home);
        if (!transformerProblems.isEmpty()) {
            transformerProblems.forEach(p -> err.println(loaded.source() + ": " + p));
            err.println(
                    "the router did not start; fix the config and run it again (`router config validate` checks it)");
            return 2;
        }
        int listenPort = port != null ? port : loaded.port();
        out.println(
                file == null
                        ? "config: none found at " + home.configFile() + ", starting on the bundled example config"
                        : "config: " + file);
        if (file == null) {
            CcrImport.hint(env).ifPresent(out::println);
        }
        // the JDK is chosen for the daemon (ROUTER_JAVA, or a JDK 25 beside the user's): say which
        out.println(
                "java: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")");
        loaded.warnings().forEach(w -> out.println("warning: " + w));
        if (!loaded.inactiveKeys().isEmpty()) {
            out.println("recognised, not active yet: " + String.join(", ", loaded.inactiveKeys()));
        }
        printRoutes(out, loaded);
        SetupAdvice.of(loaded).print(out);
        Path logs = home.logsDir();
        Files.createDirectories(logs);
        Map<String, Object> props = new HashMap<>();
        props.put("server.port", listenPort);
        props.put("server.address", loaded.host());
        props.put("spring.main.banner-mode", "off");
        // Spring's settings come from the jar alone. By default Spring Boot also reads application.properties
        // (or .yml) and config/ from the working directory, which for a daemon that `router code` starts is
        // whatever project the user is in: a cloned repository could then name the daemon's logging
        // configuration, and through it write text of its choosing to any file the user may write.
        props.put("spring.config.location", "classpath:/application.properties");
        // nor from a LOGGING_CONFIG exported for the user's own Spring application (empty: Boot's default)
        props.put("logging.config", "");
        // `router stop` sends SIGTERM and should not wait for idle keep-alive connections
        props.put("server.shutdown", "immediate");
        props.put("spring.lifecycle.timeout-per-shutdown-phase", "3s");
        props.put("router.home", home.dir().toString());
        props.put(RouterApplication.WARMUP_PROPERTY, "true");
        props.put(RouterApplication.MODEL_LISTING_PROPERTY, "true");
        props.put("logging.file.name", logs.resolve("router.log").toString());
        props.put("logging.level.dev.modelrouter", logLevel(loaded));
        if (file != null) {
            props.put(RouterApplication.CONFIG_PROPERTY, file.toString());
        }
        out.flush();
        // as command-line arguments, so they outrank application.properties
        String[] args = props.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        if (detached) {
            Signals.ignoreTerminal();
        }
        useGeneratedBeanDefinitions();
        // main(): the ahead-of-time initializer is looked up by the main class's name, not RouterCli's
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RouterApplication.class)
                .main(RouterApplication.class)
                // nor from variables the user exported for a Spring application of their own (a LOGGING_LEVEL_ROOT
                // at TRACE, a SPRING_MAIN_WEB_APPLICATION_TYPE=none): only ROUTER_SPRING_* ones reach Spring
                .environmentPrefix(SPRING_ENV_PREFIX)
                .run(args);
        running = true;
        int actualPort = context.getEnvironment().getProperty("local.server.port", Integer.class, listenPort);
        recordPid(
                home.pidFile(),
                new DaemonInfo(
                        ProcessHandle.current().pid(),
                        loaded.host(),
                        actualPort,
                        file == null ? null : file.toString()),
                err);
        out.println("model-router listening on http://" + hostForUrl(loaded.host()) + ":" + actualPort);
        out.flush();
        context.registerShutdownHook();
        stopWithLauncher(err);
        return 0;
    }

    /**
     * A daemon that {@code java -jar model-router.jar serve} relaunched as its child stops when that JVM
     * is gone, however it went ({@code kill -9} included), rather than keep holding the port unseen.
     */
    private static void stopWithLauncher(PrintWriter err) {
        String parent = System.getProperty(ChildJvm.PARENT_PID_PROPERTY);
        if (parent == null) {
            return;
        }
        Optional<ProcessHandle> launcher;
        try {
            launcher = ProcessHandle.of(Long.parseLong(parent.trim())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return;
        }
        Runnable stop = () -> {
            err.println("model-router: the JVM that started this daemon (pid " + parent.trim() + ") is gone; stopping");
            err.flush();
            System.exit(1);
        };
        launcher.ifPresentOrElse(p -> p.onExit().thenRun(stop), stop);
    }

    /**
     * Starts Spring from the bean definitions generated at build time when this build has them, also
     * when the jar is started as {@code java -jar model-router.jar serve} without the launchers' options:
     * parsing the configuration classes and evaluating their conditions instead takes about a second of
     * CPU. An explicit {@code -Dspring.aot.enabled} wins. The property is global, which is right for the
     * one daemon this process runs.
     */
    private static void useGeneratedBeanDefinitions() {
        if (System.getProperty(AOT_ENABLED) == null
                && ServeCommand.class.getClassLoader().getResource(DaemonJavaCommand.AOT_INITIALIZER) != null) {
            System.setProperty(AOT_ENABLED, "true");
        }
    }

    /**
     * Writes router.pid unless it names another live daemon (one started with another --port), and
     * removes it again on exit.
     */
    private static void recordPid(Path pidFile, DaemonInfo self, PrintWriter err) {
        DaemonInfo other = DaemonInfo.read(pidFile)
                .filter(i -> i.pid() != self.pid()
                        && ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false))
                .orElse(null);
        if (other != null) {
            err.println("warning: " + pidFile + " records another running daemon (pid " + other.pid()
                    + "); client commands will talk to that one");
            return;
        }
        try {
            self.write(pidFile);
        } catch (IOException e) {
            err.println("warning: cannot write " + pidFile + " (" + e.getMessage() + "); `router status` will not find"
                    + " this daemon");
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DaemonInfo.release(pidFile, self.pid()), "router-pid"));
    }

    static void printRoutes(PrintWriter out, RouterConfig config) {
        out.println("routes:");
        for (Scenario s : Scenario.values()) {
            if (!s.configurable()) {
                continue;
            }
            List<Target> targets = config.router().targets(s);
            out.printf(Locale.ROOT, "  %-12s %s%n", s.key(), targets.isEmpty() ? "(default)" : join(targets));
        }
    }

    private static String join(List<Target> targets) {
        StringBuilder sb = new StringBuilder();
        for (Target t : targets) {
            sb.append(sb.length() == 0 ? "" : " -> ").append(t);
        }
        return sb.toString();
    }

    private static String logLevel(RouterConfig config) {
        if (!config.log()) {
            return "WARN";
        }
        String level = config.logLevel().toUpperCase(Locale.ROOT);
        return level.equals("FATAL") ? "ERROR" : level;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
