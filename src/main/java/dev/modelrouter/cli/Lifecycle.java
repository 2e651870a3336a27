package dev.modelrouter.cli;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Finds, starts and stops the background daemon through {@code $ROUTER_HOME/router.pid}. */
final class Lifecycle {

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
        return new DaemonStart(this, env, out, err).start(configOption, portOption);
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
}
