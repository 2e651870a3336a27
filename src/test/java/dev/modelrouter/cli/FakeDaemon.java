package dev.modelrouter.cli;

import com.sun.net.httpserver.HttpServer;
import dev.modelrouter.config.AdminToken;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in daemon for CLI tests that need a daemon's address or a session's speed but no Spring
 * context: answers {@code /health} and {@code /api/sessions/abcdef123456/speed} on loopback (the
 * {@code /api/} one only with the admin token, which it creates in the home as the real daemon does)
 * and is recorded in router.pid under this test JVM's PID. Each request is recorded with the
 * {@code x-api-key} it carried and whether its admin token was right. Anything that reads {@code /api/status} is tested against the real daemon
 * ({@link StatusCommandIT}), so no hand-written copy of that document can drift from it.
 */
final class FakeDaemon implements AutoCloseable {

    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    FakeDaemon(Path home, Path config) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AdminToken token;
        try {
            token = AdminToken.loadOrCreate(new RouterHome(home));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String presented = exchange.getRequestHeaders().getFirst("x-router-admin-token");
            String admin = presented == null ? "none" : token.matches(presented) ? "ok" : "wrong";
            requests.add(exchange.getRequestMethod() + " " + path + " " + body + " key="
                    + exchange.getRequestHeaders().getFirst("x-api-key") + " admin=" + admin);
            int status = 200;
            String answer;
            if (path.startsWith("/api/") && !admin.equals("ok")) {
                status = 401;
                answer =
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"missing key\"}}";
            } else if (path.equals("/health")) {
                answer = "{\"status\":\"ok\"}";
            } else if (path.equals("/api/sessions/abcdef123456/speed")) {
                answer = "{\"tokensPerSecond\":42.7,\"timeToFirstTokenMs\":850,\"at\":\"" + java.time.Instant.now()
                        + "\"}";
            } else if (path.equals("/api/ui/login-link")
                    && exchange.getRequestMethod().equals("POST")) {
                answer = "{\"url\":\"http://127.0.0.1:" + port() + "/ui/login?token=one-time-code-77\"}";
            } else {
                status = 404;
                answer =
                        "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"the fake daemon does not serve "
                                + path + "\"}}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            new DaemonInfo(ProcessHandle.current().pid(), "127.0.0.1", port(), config.toString())
                    .write(home.resolve("router.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
