package dev.modelrouter.cli.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Records the start-up archive of a daemon ({@link DaemonJava}: an ahead-of-time cache from JDK 25 on, a
 * class-data archive before) in the background: a throw-away daemon on a temporary home
 * whose config names only a loopback {@link TrainingUpstream}, started at the lowest priority so that it
 * takes no CPU from the start the user waits for, asked for {@code /health}, a token count and four
 * messages (an Anthropic and an OpenAI provider, each whole and streamed, so that a real first request
 * finds its routing, codec, upstream and response classes archived), then stopped, which makes the JVM
 * write the classes it loaded. The archive is written under a temporary name and renamed when complete;
 * starts only use it from the next one on. The launcher trains one per layout at a time (a file lock,
 * which the system releases if this JVM dies); {@code scripts/router} runs {@link #main} once per build.
 */
final class ArchiveTraining {

    private static final Pattern LISTENING = Pattern.compile("^model-router listening on (http://\\S+:\\d+)$");

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /**
     * The messages of a training: each provider protocol, whole and streamed, reached the ways a client
     * reaches them (the default route, the background one for a haiku, a {@code provider,model} name).
     */
    static final List<String> MESSAGES = List.of(
            message("claude-sonnet-4-5", false),
            message("claude-sonnet-4-5", true),
            message("openai,m", false),
            message("claude-haiku-4-5", true));

    /**
     * One training.
     *
     * @param java the JDK the daemon runs on
     * @param jvmOptions the daemon's JVM options
     * @param appJar the extracted application jar the daemon runs
     * @param archive where the archive goes once complete
     * @param background whether the daemon runs at the lowest CPU priority
     * @param whileServing a command to run, with the training home as {@code ROUTER_HOME}, while the
     *     daemon serves (empty for none): {@code scripts/router} records the client commands' archive so
     */
    record Run(
            DaemonJava java,
            List<String> jvmOptions,
            Path appJar,
            Path archive,
            boolean background,
            List<String> whileServing) {}

    private ArchiveTraining() {}

    /**
     * {@code ArchiveTraining DIR APP_JAR [JVM_OPTION...] [-- COMMAND...]}: one training in the foreground,
     * for {@code scripts/router}, of an archive in {@code DIR} for the daemon's JDK, which runs with the
     * given options and its own ({@link DaemonJava#jdkOptions}); names the JDK, the archive and the JDK's
     * own options in {@code DIR/}{@value DaemonJava#TRAINED}, one per line, and exits 0 when the archive was
     * written.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ArchiveTraining DIR APP_JAR [JVM_OPTION...] [-- COMMAND...]");
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(2, args.length);
        int dashes = rest.indexOf("--");
        DaemonJava java = DaemonJava.find(System.getenv());
        Path dir = Path.of(args[0]);
        List<String> options = new ArrayList<>(java.jdkOptions());
        options.addAll(dashes < 0 ? rest : rest.subList(0, dashes));
        Run run = new Run(
                java,
                options,
                Path.of(args[1]),
                dir.resolve(java.archiveName()),
                false,
                dashes < 0 ? List.of() : rest.subList(dashes + 1, rest.size()));
        Runtime.getRuntime().addShutdownHook(new Thread(ArchiveTraining::stopAll, "router-archive-training-stop"));
        int answered;
        try {
            answered = record(run);
        } catch (IOException | RuntimeException e) {
            System.err.println("no start-up archive: " + e);
            answered = -1;
        } catch (InterruptedException e) {
            answered = -1;
        }
        if (answered >= 0 && answered < MESSAGES.size()) {
            // an archive all the same, only one that misses part of the request path
            System.err.println("the training's upstream answered " + answered + " of " + MESSAGES.size() + " messages");
        }
        boolean written = answered >= 0 && Files.isRegularFile(run.archive());
        try {
            if (written) {
                Path partial = dir.resolve(DaemonJava.TRAINED + ".tmp");
                Files.writeString(
                        partial,
                        java.java() + "\n" + run.archive().getFileName() + "\n" + String.join(" ", java.jdkOptions())
                                + "\n");
                Files.move(partial, dir.resolve(DaemonJava.TRAINED), StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            System.err.println("no start-up archive: " + e);
            written = false;
        }
        System.exit(written ? 0 : 1);
    }

    /** Starts a training in the background unless one runs already for this layout. */
    static void startIfNeeded(JarCache cache, DaemonJava java, List<String> options) {
        Thread t = new Thread(() -> train(cache, java, options), "router-archive-training");
        t.setDaemon(true);
        t.start();
    }

    /** Stops the trainings of this JVM (its shutdown: an unfinished archive is simply made next time). */
    static void stopAll() {
        RUNNING.forEach(Process::destroyForcibly);
    }

    private static void train(JarCache cache, DaemonJava java, List<String> options) {
        try (FileChannel lockFile = FileChannel.open(
                        cache.dir().resolve("training.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null || Files.isRegularFile(cache.archive(java))) {
                return;
            }
            deleteLeftovers(cache);
            record(new Run(java, options, cache.appJar(), cache.archive(java), true, List.of()));
        } catch (IOException | RuntimeException e) {
            // no archive this time: starts stay on the extracted layout, and the next one tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs one training and returns how many messages the fake upstream answered, or -1 when the daemon
     * did not answer or did not exit by itself (no archive then).
     */
    static int record(Run run) throws IOException, InterruptedException {
        Path partial = run.archive()
                .resolveSibling(run.archive().getFileName() + "."
                        + ProcessHandle.current().pid() + ".tmp");
        Path home = Files.createTempDirectory("router-training-");
        try (TrainingUpstream upstream = TrainingUpstream.start()) {
            Files.writeString(home.resolve("config.json"), upstream.config());
            if (!serve(run, partial, home) || !create(run, partial, home) || Files.size(partial) == 0) {
                return -1;
            }
            Files.move(partial, run.archive(), StandardCopyOption.ATOMIC_MOVE);
            return upstream.answered();
        } finally {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(DaemonJava.configuration(partial));
            FileTrees.delete(home);
        }
    }

    /** Makes the ahead-of-time cache from what the daemon recorded; true when made (or nothing to make). */
    private static boolean create(Run run, Path partial, Path home) throws IOException, InterruptedException {
        List<String> cmd = run.java().createCommand(run.jvmOptions(), partial, run.appJar());
        if (cmd.isEmpty()) {
            return true;
        }
        List<Process> started = new ArrayList<>();
        try {
            return runToEnd(niced(run, cmd), home, started);
        } finally {
            stop(started);
        }
    }

    /** {@code cmd} at the lowest CPU priority for a training in the background. */
    private static List<String> niced(Run run, List<String> cmd) {
        List<String> niced = new ArrayList<>();
        for (String nice : run.background() ? List.of("/usr/bin/nice", "/bin/nice") : List.<String>of()) {
            if (Files.isExecutable(Path.of(nice))) {
                niced.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        niced.addAll(cmd);
        return niced;
    }

    /** The daemon's run; true when it answered and exited by itself after SIGTERM (the archive is written). */
    private static boolean serve(Run run, Path partial, Path home) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(run.java().java());
        cmd.addAll(run.jvmOptions());
        cmd.addAll(run.java().recordOptions(partial));
        cmd.addAll(List.of(
                // a launcher killed outright runs no shutdown hook: the training then stops by itself
                "-D" + ChildJvm.PARENT_PID_PROPERTY + "="
                        + ProcessHandle.current().pid(),
                "-jar",
                run.appJar().toString(),
                "serve",
                "--port",
                "0"));
        List<Process> started = new ArrayList<>();
        Process daemon = start(niced(run, cmd), home, started);
        try {
            String base = awaitListening(daemon.getInputStream());
            if (base == null) {
                return false;
            }
            call(base + "/health", null);
            call(
                    base + "/v1/messages/count_tokens",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            for (String message : MESSAGES) {
                call(base + "/v1/messages", message);
            }
            if (!run.whileServing().isEmpty()) {
                runToEnd(run.whileServing(), home, started);
            }
            daemon.destroy();
            return daemon.waitFor(2, TimeUnit.MINUTES) && daemon.exitValue() != 137;
        } finally {
            stop(started);
        }
    }

    /** Runs {@code cmd} to its end (two minutes at most) with its output drained; whether it exited with 0. */
    private static boolean runToEnd(List<String> cmd, Path home, List<Process> started)
            throws IOException, InterruptedException {
        Process p = start(cmd, home, started);
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0;
    }

    /** Ends what {@link #start} started, whatever state it is in. */
    private static void stop(List<Process> started) {
        for (Process p : started) {
            p.destroyForcibly();
            RUNNING.remove(p);
        }
    }

    private static Process start(List<String> cmd, Path home, List<Process> started) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ROUTER_HOME", home.toString());
        pb.environment().put(Launcher.NO_RELAUNCH_ENV, "1");
        Process p = pb.start();
        started.add(p);
        RUNNING.add(p);
        return p;
    }

    private static String message(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":16,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static @Nullable String awaitListening(InputStream out) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8));
        @Nullable String base = null;
        for (String line = lines.readLine(); line != null && base == null; line = lines.readLine()) {
            Matcher m = LISTENING.matcher(line.strip());
            base = m.matches() ? m.group(1) : null;
        }
        // keep the pipe drained so the daemon never blocks on a full one
        Thread drain = new Thread(
                () -> {
                    try {
                        out.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // the daemon is gone
                    }
                },
                "router-archive-training-out");
        drain.setDaemon(true);
        drain.start();
        return base;
    }

    private static void call(String url, @Nullable String jsonBody) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(30_000);
        c.setReadTimeout(60_000);
        if (jsonBody != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("content-type", "application/json");
            c.setRequestProperty("anthropic-version", "2023-06-01");
            try (OutputStream body = c.getOutputStream()) {
                body.write(jsonBody.getBytes(StandardCharsets.UTF_8));
            }
        }
        try (InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } finally {
            c.disconnect();
        }
    }

    private static void deleteLeftovers(JarCache cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.dir())) {
            // a partial archive is daemon-<version>.(jsa|aot).<pid>.tmp, with an ahead-of-time cache's
            // recorded configuration beside it as <that>.conf
            for (Path p : files.filter(
                            f -> f.getFileName().toString().matches(".*\\.(jsa|aot)(\\.\\d+)?\\.tmp(\\.conf)?"))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
