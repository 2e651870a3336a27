package dev.modelrouter.testing;

import dev.modelrouter.config.AdminToken;
import dev.modelrouter.config.RouterHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A client for the router a Spring integration test started on a loopback port. */
public final class LocalRouter {

    /** The header the router's CLI sends the admin token in. */
    public static final String ADMIN_HEADER = "x-router-admin-token";

    private LocalRouter() {}

    /** A client of {@code http://127.0.0.1:port} that waits up to 20 s for an answer. */
    public static WebTestClient client(int port) {
        return client(port, Duration.ofSeconds(20));
    }

    /** A client of {@code http://127.0.0.1:port} that waits up to {@code timeout} for an answer. */
    public static WebTestClient client(int port, Duration timeout) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(timeout)
                .build();
    }

    /**
     * A fresh temporary folder to start a test daemon in as its home ({@code RouterConfiguration.HOME_PROPERTY}),
     * where it keeps its admin token; read it with {@link #adminToken} or {@link #adminClient}.
     */
    public static Path newHome() {
        try {
            return Files.createTempDirectory("router-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The admin token a daemon started with {@code home} as its home created there. */
    public static String adminToken(Path home) {
        return AdminToken.read(new RouterHome(home))
                .orElseThrow(
                        () -> new IllegalStateException("no admin token in " + home + "; did the daemon start there?"))
                .value();
    }

    /**
     * {@link #client(int)} presenting the admin token of {@code home} (as {@code x-router-admin-token}),
     * for {@code /api/**} and {@code /actuator/**}.
     */
    public static WebTestClient adminClient(int port, Path home) {
        // A connection per call: a pooled connection reused right after a config write stalled now and
        // then (once in ten suite runs) while the daemon sat idle; see the fuzz daemon's note.
        return WebTestClient.bindToServer(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .defaultHeader(ADMIN_HEADER, adminToken(home))
                .build();
    }

    /**
     * Posts {@code body} as JSON to {@code uri} with {@code headers}, expects a 200, reads the whole
     * answer (so the router has finished with it, its usage recorded) and returns its
     * {@code x-router-route}.
     */
    public static String route(WebTestClient client, String uri, String body, Map<String, String> headers) {
        return client.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> headers.forEach(h::set))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("x-router-route");
    }

    /** {@code GET /api/status} through an {@link #adminClient}: expects a 200 and returns the body. */
    public static String status(WebTestClient admin) {
        return admin.get()
                .uri("/api/status")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /**
     * The line of {@code home}'s request log whose {@code requested_model} is {@code model}, once the
     * daemon has written it (it writes off the request's thread); fails after a generous wait.
     */
    public static String requestLogLine(Path home, String model) throws IOException {
        Path log = home.resolve("logs").resolve("requests.jsonl");
        String field = "\"requested_model\":\"" + model + "\"";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.exists(log) ? Files.readAllLines(log) : java.util.List.<String>of()) {
                if (line.contains(field)) {
                    return line;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no request-log line for model " + model + " in " + log);
    }
}
