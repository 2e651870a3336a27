package dev.modelrouter.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to the daemon's HTTP API with the JDK's client; no Spring on this side. */
final class DaemonClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String baseUrl;
    private final @Nullable String apiKey;

    DaemonClient(String baseUrl, @Nullable String apiKey) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofMillis(1000))
                .build();
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** One answer: its status and its body. */
    record Reply(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                return JSON.createObjectNode();
            }
        }

        /** The message of an error answer in Anthropic's format, else the raw body. */
        String errorMessage() {
            JsonNode m = json().path("error").path("message");
            return m.isString() ? m.asString() : "HTTP " + status + ": " + body;
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    Reply get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(request(path, timeout).GET());
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send(request(path, Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
        if (apiKey != null && !apiKey.isEmpty()) {
            b.header("x-api-key", apiKey);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }
}
