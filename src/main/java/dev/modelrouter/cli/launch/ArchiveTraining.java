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
 * Records the class-data archive of a cached layout in the background, the way {@code scripts/router} does
 * once per build: a throw-away daemon on the bundled example config and a temporary home, started at the
 * lowest priority so that it takes no CPU from the start the user waits for, asked for {@code /health}
 * and a token count, then stopped, which makes the JVM write the classes it loaded. The archive is written
 * under a temporary name and renamed when complete; starts only use it from the next one on. One training
 * per layout at a time (a file lock, which the system releases if this JVM dies).
 */
final class ArchiveTraining {

    private static final Pattern LISTENING = Pattern.compile("^model-router listening on (http://\\S+:\\d+)$");

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private ArchiveTraining() {}

    /** Starts a training in the background unless one runs already for this layout. */
    static void startIfNeeded(JarCache cache, List<String> options) {
        Thread t = new Thread(() -> train(cache, options), "router-archive-training");
        t.setDaemon(true);
        t.start();
    }

    /** Stops the trainings of this JVM (its shutdown: an unfinished archive is simply made next time). */
    static void stopAll() {
        RUNNING.forEach(Process::destroyForcibly);
    }

    private static void train(JarCache cache, List<String> options) {
        try (FileChannel lockFile = FileChannel.open(
                        cache.dir().resolve("training.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null || Files.isRegularFile(cache.archive())) {
                return;
            }
            deleteLeftovers(cache);
            Path partial = cache.dir()
                    .resolve(cache.archive().getFileName() + "."
                            + ProcessHandle.current().pid() + ".tmp");
            Path home = Files.createTempDirectory("router-training-");
            try {
                if (run(cache, options, partial, home) && Files.size(partial) > 0) {
                    Files.move(partial, cache.archive(), StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                Files.deleteIfExists(partial);
                FileTrees.delete(home);
            }
        } catch (IOException | RuntimeException e) {
            // no archive this time: starts stay on the extracted layout, and the next one tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The daemon's run; true when it answered and exited by itself after SIGTERM (the archive is written). */
    private static boolean run(JarCache cache, List<String> options, Path partial, Path home)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                cmd.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        cmd.add(ChildJvm.java());
        cmd.addAll(options);
        cmd.addAll(List.of(
                // a launcher killed outright runs no shutdown hook: the training then stops by itself
                "-D" + ChildJvm.PARENT_PID_PROPERTY + "="
                        + ProcessHandle.current().pid(),
                "-XX:ArchiveClassesAtExit=" + partial,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off",
                "-jar",
                cache.appJar().toString(),
                "serve",
                "--port",
                "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ROUTER_HOME", home.toString());
        pb.environment().put(Launcher.NO_RELAUNCH_ENV, "1");
        Process daemon = pb.start();
        RUNNING.add(daemon);
        try {
            String base = awaitListening(daemon.getInputStream());
            if (base == null) {
                return false;
            }
            call(base + "/health", null);
            call(
                    base + "/v1/messages/count_tokens",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            daemon.destroy();
            return daemon.waitFor(2, TimeUnit.MINUTES) && daemon.exitValue() != 137;
        } finally {
            daemon.destroyForcibly();
            RUNNING.remove(daemon);
        }
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
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jsa.tmp")
                            || f.getFileName().toString().matches(".*\\.jsa\\.\\d+\\.tmp"))
                    .toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
