package dev.modelrouter.cli;

import dev.modelrouter.TransformerCheck;
import dev.modelrouter.config.ConfigException;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code router start} once no daemon runs: checks the config and the port, spawns the daemon in the
 * background and waits until it answers, telling the user why when it does not.
 */
final class DaemonStart {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Lifecycle lifecycle;
    private final Map<String, String> env;
    private final RouterHome home;
    private final PrintWriter out;
    private final PrintWriter err;

    DaemonStart(Lifecycle lifecycle, Map<String, String> env, PrintWriter out, PrintWriter err) {
        this.lifecycle = lifecycle;
        this.env = env;
        this.home = lifecycle.home();
        this.out = out;
        this.err = err;
    }

    /** Starts the daemon: 0 when it runs afterwards, 1 when it could not start, 2 for a bad config. */
    int start(@Nullable Path configOption, @Nullable Integer portOption) {
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
            ProcessBuilder pb = new ProcessBuilder(DaemonJavaCommand.of(env, file, portOption));
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
            Optional<DaemonInfo> up = lifecycle.running();
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

    private static boolean healthy(DaemonClient client) {
        return answer(client, "/health", Duration.ofSeconds(1))
                .map(DaemonClient.Reply::ok)
                .orElse(false);
    }

    private static boolean isRouter(DaemonClient client) {
        // a router of another home refuses this home's admin token, in its own words
        return answer(client, "/api/status", Duration.ofSeconds(2))
                .map(r -> r.ok()
                        ? r.json().has("configPath")
                        : r.status() == 401
                                && r.json()
                                        .path("error")
                                        .path("message")
                                        .asString("")
                                        .contains("admin token"))
                .orElse(false);
    }

    /** {@code path}'s answer; empty when nothing answers there (or this thread is interrupted). */
    private static Optional<DaemonClient.Reply> answer(DaemonClient client, String path, Duration timeout) {
        try {
            return Optional.of(client.get(path, timeout));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
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
