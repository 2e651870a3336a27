package dev.modelrouter.cli;

import dev.modelrouter.config.AdminToken;
import dev.modelrouter.config.RouterHome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Talks to the daemon's HTTP API, one blocking HTTP/1.1 request per call on a plain socket; no Spring
 * and no JDK HTTP client on this side, as a client command must start fast. Requests to the admin side
 * ({@code /api/}, {@code /actuator/}) carry the admin token from {@code $ROUTER_HOME/admin-token}, read
 * when the first of them is sent; {@code APIKEY} is the inference clients' key and never sent here.
 */
final class DaemonClient {

    /** The header the daemon takes the admin token in. */
    static final String ADMIN_HEADER = "x-router-admin-token";

    private final String baseUrl;
    private final Supplier<@Nullable String> adminToken;
    private @Nullable String token;
    private boolean tokenLoaded;

    /** @param adminToken reads the admin token; {@code null} when there is none to read */
    DaemonClient(String baseUrl, Supplier<@Nullable String> adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** A client of the daemon that keeps its admin token in {@code home}. */
    DaemonClient(String baseUrl, RouterHome home) {
        this(baseUrl, () -> AdminToken.read(home).map(AdminToken::value).orElse(null));
    }

    /** One answer: its status and its body. */
    record Reply(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        JsonNode json() {
            try {
                return CliJson.read(body);
            } catch (JacksonException e) {
                return CliJson.object();
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

    Reply post(String path, String body, Duration timeout) throws IOException {
        return send("POST", path, body, timeout);
    }

    Reply post(String path, String body) throws IOException {
        return post(path, body, Duration.ofSeconds(10));
    }

    Reply put(String path, String body) throws IOException, InterruptedException {
        return send("PUT", path, body, Duration.ofSeconds(10));
    }

    private Reply send(String method, String path, @Nullable String body, Duration timeout) throws IOException {
        boolean admin = path.startsWith("/api/") || path.startsWith("/actuator/");
        if (admin && !tokenLoaded) {
            tokenLoaded = true;
            token = adminToken.get();
        }
        return once(method, path, body, timeout, admin ? token : null);
    }

    /**
     * One exchange over a plain socket, HTTP/1.1 with {@code Connection: close}. The JDK's
     * {@code HttpURLConnection} would cost a client command some 40 ms of class loading and logger
     * set-up for what is one request to a daemon on loopback.
     */
    private Reply once(String method, String path, @Nullable String body, Duration timeout, @Nullable String token)
            throws IOException {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append(':')
                .append(uri.getPort())
                .append("\r\n")
                .append("Connection: close\r\nAccept: application/json\r\n");
        if (token != null && !token.isEmpty()) {
            head.append(ADMIN_HEADER).append(": ").append(token).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(payload.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(bare, uri.getPort()), 1000);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(
                    "no answer from " + baseUrl + path + " within " + timeout.toMillis() + " ms");
        }
    }

    /** A whole HTTP/1.1 response: status line, headers, body (by length, chunked, or to the end). */
    static Reply parse(byte[] raw) throws IOException {
        try {
            return parseOrThrow(raw);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP answer from the daemon: " + e.getMessage(), e);
        }
    }

    private static Reply parseOrThrow(byte[] raw) throws IOException {
        int headEnd = indexOf(raw, CRLFCRLF, 0);
        if (headEnd < 0) {
            throw new IOException("incomplete HTTP answer from the daemon");
        }
        String[] lines = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1]);
        boolean chunked = false;
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            } else if (name.equals("content-length")) {
                length = Integer.parseInt(value);
            }
        }
        int bodyStart = headEnd + CRLFCRLF.length;
        byte[] body;
        if (chunked) {
            body = dechunk(raw, bodyStart);
        } else if (length >= 0) {
            body = Arrays.copyOfRange(raw, bodyStart, Math.min(raw.length, bodyStart + length));
        } else {
            body = Arrays.copyOfRange(raw, bodyStart, raw.length);
        }
        return new Reply(status, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] raw, int from) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(raw, CRLF, at);
            if (lineEnd < 0) {
                throw new IOException("truncated chunked answer from the daemon");
            }
            String size = new String(raw, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                return body.toByteArray();
            }
            int start = lineEnd + CRLF.length;
            if (start + n > raw.length) {
                throw new IOException("truncated chunked answer from the daemon");
            }
            body.write(raw, start, n);
            at = start + n + CRLF.length;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
}
