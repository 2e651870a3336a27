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
 * A stand-in daemon for CLI tests: answers {@code /health}, {@code /api/status},
 * {@code POST /api/ui/login-link} and {@code PUT /api/routes/*} on loopback (the {@code /api/} ones only with the admin token, which it
 * creates in the home as the real daemon does) and is recorded in router.pid under this test JVM's PID.
 * Each request is recorded with the {@code x-api-key} it carried and whether its admin token was right.
 */
final class FakeDaemon implements AutoCloseable {

    static final String STATUS = """
            {"version":"9.9.9","pid":%d,"uptimeSeconds":75,"configPath":"%s","bundledConfig":false,
             "lastReload":{"at":"2025-01-01T00:00:00Z","trigger":"watch","ok":false,"restartNeeded":false,
               "message":"rejected, the previous config stays in force: config.json: invalid JSON at line 3, column 5","problems":[]},
             "customRouter":{"path":"/home/me/router.js","state":"not used: node not found on PATH"},
             "projectRoutes":["-home-me-app","-home-me-lib"],
             "routes":{"default":["p,m1","p,m2"],"background":[],"think":["p,m2"]},
             "providers":[{"name":"p","protocol":"openai","models":["m1","m2"],"lastError":null}]}
            """;

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
                answer = "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"missing key\"}}";
            } else if (path.equals("/health")) {
                answer = "{\"status\":\"ok\"}";
            } else if (path.equals("/api/status")) {
                answer = STATUS.formatted(ProcessHandle.current().pid(), config);
            } else if (path.equals("/api/sessions/abcdef123456/speed")) {
                answer = "{\"tokensPerSecond\":42.7,\"timeToFirstTokenMs\":850,\"at\":\"" + java.time.Instant.now() + "\"}";
            } else if (path.equals("/api/ui/login-link") && exchange.getRequestMethod().equals("POST")) {
                answer = "{\"url\":\"http://127.0.0.1:" + port() + "/ui/login?token=one-time-code-77\"}";
            } else if (path.equals("/api/routes/think")) {
                answer = "{\"ok\":true,\"restartNeeded\":false,\"message\":\"wrote config.json; in force now\"}";
            } else {
                status = 400;
                answer = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"unknown scenario 'x'\"}}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            new DaemonInfo(ProcessHandle.current().pid(), "127.0.0.1", port(), config.toString()).write(home.resolve("router.pid"));
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
