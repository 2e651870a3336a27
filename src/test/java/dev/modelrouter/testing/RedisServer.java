package dev.modelrouter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port for one test class, without
 * persistence ({@code --save '' --appendonly no}), killed after the class. Register it with
 * {@code @RegisterExtension static final RedisServer REDIS = new RedisServer();}. Without the binary the
 * class is skipped, or fails where {@link Prerequisites#REQUIRE_ALL} is set. {@link #stop()} and
 * {@link #start()} take it down and bring it back on the same port, for outage tests.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private static final String BINARY = "redis-server";
    private static volatile @Nullable Boolean installed;

    private int port;
    private @Nullable Process process;
    private @Nullable Path dir;

    /** Whether {@code redis-server --version} runs; asked once per test JVM. */
    public static boolean installed() {
        Boolean known = installed;
        if (known == null) {
            known = probe();
            installed = known;
        }
        return known;
    }

    /** Skips the calling test or class without {@code redis-server}; fails it when {@link Prerequisites#required()}. */
    public static void assumeInstalled() {
        Prerequisites.require(installed(), BINARY + " is not installed (Debian: apt-get install redis-server)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeInstalled();
        port = freePort();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** {@code redis://127.0.0.1:port}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The loopback port it listens on, the same across {@link #stop()} and {@link #start()}. */
    public int port() {
        return port;
    }

    /** Starts the server (again) on its port and returns once it answers {@code PING}. */
    public synchronized void start() {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("redis-test");
            }
            process = new ProcessBuilder(List.of(
                            BINARY,
                            "--port",
                            String.valueOf(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--dir",
                            dir.toString(),
                            "--protected-mode",
                            "no"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answersPing()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException(
                        BINARY + " did not start on port " + port + "; see " + dir.resolve("redis.log"));
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Kills the server and waits until it is gone; its data goes with it. */
    public synchronized void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Runs one command over plain RESP and returns the raw reply, for assertions. */
    public String command(String... args) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                out.append('$')
                        .append(a.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(a)
                        .append("\r\n");
            }
            OutputStream o = s.getOutputStream();
            o.write(out.toString().getBytes(StandardCharsets.UTF_8));
            o.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answersPing() {
        try {
            return command("PING").startsWith("+PONG");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean probe() {
        try {
            Process version = new ProcessBuilder(BINARY, "--version")
                    .redirectErrorStream(true)
                    .start();
            version.getInputStream().readAllBytes();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
