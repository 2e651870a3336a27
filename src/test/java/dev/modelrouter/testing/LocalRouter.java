package dev.modelrouter.testing;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A client for the router a Spring integration test started on a loopback port. */
public final class LocalRouter {

    private LocalRouter() {}

    /** A client of {@code http://127.0.0.1:port} that waits up to 20 s for an answer. */
    public static WebTestClient client(int port) {
        return client(port, Duration.ofSeconds(20));
    }

    /** A client of {@code http://127.0.0.1:port} that waits up to {@code timeout} for an answer. */
    public static WebTestClient client(int port, Duration timeout) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(timeout).build();
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
                .expectStatus().isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseHeaders()
                .getFirst("x-router-route");
    }
}
