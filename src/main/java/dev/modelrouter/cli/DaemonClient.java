package dev.modelrouter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to the daemon's HTTP API with the JDK's own HTTP client; no Spring on this side. It uses
 * {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: one blocking request on
 * loopback needs no selector thread, and a client command must start fast. The API key is looked up
 * (which means reading config.json) only when the daemon asks for one.
 */
final class DaemonClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final Supplier<@Nullable String> apiKey;
    private @Nullable String key;
    private boolean keyLoaded;

    DaemonClient(String baseUrl, Supplier<@Nullable String> apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    DaemonClient(String baseUrl, @Nullable String apiKey) {
        this(baseUrl, () -> apiKey);
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
        return send("GET", path, null, timeout);
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body, Duration.ofSeconds(10));
    }

    private Reply send(String method, String path, @Nullable String body, Duration timeout) throws IOException {
        Reply reply = once(method, path, body, timeout, keyLoaded ? key : null);
        if (reply.status() == 401 && !keyLoaded) {
            keyLoaded = true;
            key = apiKey.get();
            if (key != null && !key.isEmpty()) {
                reply = once(method, path, body, timeout, key);
            }
        }
        return reply;
    }

    private Reply once(String method, String path, @Nullable String body, Duration timeout, @Nullable String key)
            throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(1000);
            c.setReadTimeout((int) timeout.toMillis());
            c.setUseCaches(false);
            if (key != null && !key.isEmpty()) {
                c.setRequestProperty("x-api-key", key);
            }
            if (body != null) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("content-type", "application/json");
                c.setFixedLengthStreamingMode(bytes.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Reply(status, text);
        } finally {
            c.disconnect();
        }
    }
}
