package dev.modelrouter.cli;

import dev.modelrouter.TransformerCheck;
import dev.modelrouter.cli.launch.ChildJvm;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Finds, starts and stops the background daemon through {@code $ROUTER_HOME/router.pid}. */
final class Lifecycle {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final RouterHome home;
    private final PrintWriter out;
    private final PrintWriter err;

    Lifecycle(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.home = RouterHome.resolve(env);
        this.out = out;
        this.err = err;
    }

    /** The lifecycle for a command, talking on the command's own output streams. */
    static Lifecycle of(CommandLine.Model.CommandSpec spec) {
        CommandLine cl = spec.commandLine();
        return new Lifecycle(RouterCli.env(spec), cl.getOut(), cl.getErr());
    }

    /**
     * The lifecycle for a command whose standard output belongs to something else (a login link, Claude
     * Code's terminal): what starting the daemon has to say goes to standard error.
     */
    static Lifecycle onStderr(CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        return new Lifecycle(RouterCli.env(spec), err, err);
    }

    RouterHome home() {
        return home;
    }

    /** What a command does with a daemon that runs; its exit code. */
    @FunctionalInterface
    interface DaemonTask {
        int run(DaemonInfo daemon) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code task} against the running daemon; when none runs, says so and how to start one, and
     * returns {@link RouterCli#NOT_RUNNING}.
     */
    int whenRunning(DaemonTask task) throws IOException, InterruptedException {
        Optional<DaemonInfo> daemon = running();
        if (daemon.isEmpty()) {
            err.println("model-router is not running; start it with `router start`");
            return RouterCli.NOT_RUNNING;
        }
        return task.run(daemon.get());
    }

    /**
     * Runs {@code task} against the daemon, started in the background first when none runs; when it
     * still does not run, says that {@code undone} did not happen and returns the start's exit code.
     */
    int started(String undone, DaemonTask task) throws IOException, InterruptedException {
        Optional<DaemonInfo> daemon = running();
        if (daemon.isEmpty()) {
            int started = start(null, null);
            daemon = running();
            if (started != 0 || daemon.isEmpty()) {
                err.println(undone + ", because the router is not running");
                return started != 0 ? started : 1;
            }
        }
        return task.run(daemon.get());
    }

    /** The daemon recorded in router.pid when its process is alive; a stale file is removed. */
    Optional<DaemonInfo> running() {
        Path pidFile = home.pidFile();
        Optional<DaemonInfo> info = DaemonInfo.read(pidFile);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(info.get().pid()).filter(ProcessHandle::isAlive);
        boolean looksLikeUs = process.map(
                        p -> p.info().command().map(c -> c.contains("java")).orElse(true))
                .orElse(false);
        if (!looksLikeUs) {
            DaemonInfo.release(pidFile, info.get().pid());
            return Optional.empty();
        }
        return info;
    }

    /** The daemon's config, or the one a start would use; empty when it does not load. */
    Optional<RouterConfig> config(Optional<DaemonInfo> daemon) {
        Path file = daemon.isPresent()
                ? Optional.ofNullable(daemon.get().config()).map(Path::of).orElse(null)
                : ConfigSource.file(null, env);
        try {
            return Optional.of(file == null ? ConfigLoader.bundledExample(env) : ConfigLoader.load(file, env));
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }

    DaemonClient client(DaemonInfo daemon) {
        return new DaemonClient(daemon.baseUrl(), home);
    }

    /** {@code router start}: 0 when a daemon runs afterwards, 1 when it could not start, 2 for a bad config. */
    int start(@Nullable Path configOption, @Nullable Integer portOption) {
        Optional<DaemonInfo> already = running();
        if (already.isPresent()) {
            out.println("model-router is already running at " + already.get().baseUrl() + " (pid "
                    + already.get().pid() + ")");
            return 0;
        }
        Path file = ConfigSource.file(configOption, env);
        RouterConfig config;
        try {
            config = ConfigSource.load(file, env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("model-router did not start; fix the config (`router config validate` checks it)");
            return 2;
        }
        List<String> transformerProblems = TransformerCheck.problems(config, home);
        if (!transformerProblems.isEmpty()) {
            transformerProblems.forEach(p -> err.println(config.source() + ": " + p));
            err.println("model-router did not start; fix the config (`router config validate` checks it)");
            return 2;
        }
        if (file == null) {
            CcrImport.hint(env).ifPresent(out::println);
        }
        int port = portOption != null ? portOption : config.port();
        DaemonInfo planned = new DaemonInfo(-1, config.host(), port, file == null ? null : file.toString());
        if (portInUse(planned)) {
            DaemonClient probe = new DaemonClient(planned.baseUrl(), home);
            if (isRouter(probe)) {
                err.println("a model-router already listens on " + planned.baseUrl() + " but " + home.pidFile()
                        + " does not record it (started with another ROUTER_HOME?); stop it there, or start this one"
                        + " with --port N");
            } else {
                err.println("port " + port + " on " + config.host() + " is in use by another program; stop it, set PORT"
                        + " in " + (file == null ? home.configFile() : file) + ", or run `router start --port N`");
            }
            return 1;
        }
        Process process;
        Path log = home.logsDir().resolve("daemon.out");
        try {
            Files.createDirectories(home.logsDir());
            ProcessBuilder pb = new ProcessBuilder(command(file, portOption));
            pb.environment().putAll(env);
            pb.environment().put(RouterHome.ENV, home.dir().toString());
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            process = pb.start();
        } catch (IOException e) {
            err.println("cannot start the daemon: " + e.getMessage());
            return 1;
        }
        return awaitReady(process, planned, config, log);
    }

    private int awaitReady(Process process, DaemonInfo planned, RouterConfig config, Path log) {
        long begin = System.nanoTime();
        long deadline = begin + START_TIMEOUT.toNanos();
        out.print("starting model-router on " + planned.baseUrl() + " ");
        out.flush();
        long nextDot = begin + Duration.ofMillis(500).toNanos();
        DaemonClient client = new DaemonClient(planned.baseUrl(), home);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                out.println();
                err.println("the daemon exited with code " + process.exitValue() + " before it was ready; the end of "
                        + log + ":");
                tail(log, 20).forEach(l -> err.println("  " + l));
                return 1;
            }
            Optional<DaemonInfo> up = running();
            if (up.isPresent() && healthy(client)) {
                out.printf("ready in %.1f s%n", (System.nanoTime() - begin) / 1e9);
                out.println("model-router running at " + up.get().baseUrl() + " (pid "
                        + up.get().pid() + "); logs in " + home.logsDir());
                SetupAdvice.of(config).print(out);
                return 0;
            }
            if (System.nanoTime() >= nextDot) {
                out.print('.');
                out.flush();
                nextDot += Duration.ofMillis(500).toNanos();
            }
            // a pid-file read and a refused connect: cheap enough to ask often, so "ready" is not late
            sleep(20);
        }
        out.println();
        err.println("the daemon did not answer within " + START_TIMEOUT.toSeconds() + " s; stopped it. See " + log);
        process.destroyForcibly();
        return 1;
    }

    /** {@code router stop}: SIGTERM, a wait, then SIGKILL. 0 when no daemon runs afterwards. */
    int stop() {
        Optional<DaemonInfo> daemon = running();
        if (daemon.isEmpty()) {
            out.println("model-router is not running");
            return 0;
        }
        long pid = daemon.get().pid();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            out.println("model-router is not running");
            return 0;
        }
        ProcessHandle p = handle.get();
        p.destroy();
        if (!await(p, STOP_TIMEOUT)) {
            err.println("model-router (pid " + pid + ") did not stop within " + STOP_TIMEOUT.toSeconds()
                    + " s; killing it");
            p.destroyForcibly();
            if (!await(p, Duration.ofSeconds(5))) {
                err.println("cannot stop pid " + pid);
                return 1;
            }
        }
        DaemonInfo.release(home.pidFile(), pid);
        out.println("stopped model-router (pid " + pid + ")");
        return 0;
    }

    static boolean healthy(DaemonClient client) {
        try {
            return client.get("/health", Duration.ofSeconds(1)).ok();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isRouter(DaemonClient client) {
        try {
            DaemonClient.Reply r = client.get("/api/status", Duration.ofSeconds(2));
            // a router of another home refuses this home's admin token, in its own words
            return r.ok()
                    ? r.json().has("configPath")
                    : r.status() == 401
                            && r.json()
                                    .path("error")
                                    .path("message")
                                    .asString("")
                                    .contains("admin token");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean portInUse(DaemonInfo at) {
        String host = at.baseUrl().substring("http://".length(), at.baseUrl().lastIndexOf(':'));
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, at.port()), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * JVM options of a daemon started by {@code router start} ({@code scripts/router serve} and a plain
     * {@code java -jar ... serve} use the same, as {@link ChildJvm#DAEMON_OPTIONS} says why);
     * {@code ROUTER_DAEMON_JAVA_OPTS} adds to them.
     */
    static final List<String> DAEMON_JVM_OPTIONS = ChildJvm.DAEMON_OPTIONS;

    /** {@code java -jar <this jar> serve}, detached from the terminal's signals where setsid exists. */
    private List<String> command(@Nullable Path config, @Nullable Integer port) {
        List<String> cmd = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DAEMON_JVM_OPTIONS);
        String opts = env.getOrDefault("ROUTER_DAEMON_JAVA_OPTS", "").trim();
        if (!opts.isEmpty()) {
            cmd.addAll(List.of(opts.split("\\s+")));
        }
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
        if (Lifecycle.class.getClassLoader().getResource(AOT_INITIALIZER) != null) {
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

    private static boolean await(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(cannot read it: " + e.getMessage() + ")");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
