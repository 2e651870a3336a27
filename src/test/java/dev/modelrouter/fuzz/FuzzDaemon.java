package dev.modelrouter.fuzz;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.LocalRouter;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * The real daemon on loopback for the endpoint fuzz, in front of a provider that answers every call
 * correctly in its own protocol: so any 5xx, any stack trace and any lost connection is the router's.
 */
final class FuzzDaemon implements AutoCloseable {

    private static final String ANTHROPIC =
            "{\"id\":\"msg_f\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                    + "\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    private static final String ANTHROPIC_SSE =
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_f\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n"
                    + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    private static final String OPENAI =
            "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"o\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}";
    private static final String OPENAI_SSE =
            "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"o\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
                    + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"o\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}\n\ndata: [DONE]\n\n";
    private static final String GEMINI =
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"ok\"}]},\"finishReason\":\"STOP\"}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1}}";

    final Path home;
    final String configText;
    private final DisposableServer upstream;
    private final ConfigurableApplicationContext daemon;
    private final int port;
    private final HttpClient http = HttpClient.create(ConnectionProvider.newConnection());
    private volatile String previous = "";

    FuzzDaemon() {
        upstream = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((req, res) -> req.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            String uri = req.uri();
                            // the request's own top-level flag: a client's text may well hold "stream":true
                            JsonNode request = WireJson.tryParse(body);
                            boolean stream = uri.contains("streamGenerateContent")
                                    || request != null
                                            && request.path("stream").isBoolean()
                                            && request.path("stream").asBoolean();
                            String answer = uri.contains("chat/completions")
                                    ? (stream ? OPENAI_SSE : OPENAI)
                                    : uri.contains("GenerateContent") || uri.contains("generateContent")
                                            ? (stream ? "data: " + GEMINI + "\n\n" : GEMINI)
                                            : stream ? ANTHROPIC_SSE : ANTHROPIC;
                            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                            return res.header(
                                            HttpHeaderNames.CONTENT_TYPE,
                                            stream ? "text/event-stream" : "application/json")
                                    .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length))
                                    .send(Mono.just(Unpooled.wrappedBuffer(bytes)))
                                    .then();
                        }))
                .bindNow();
        String base = "http://127.0.0.1:" + upstream.port();
        configText = """
                {"LOG": true, "resilience": {"max_attempts": 1},
                 "Providers": [
                   {"name": "anth", "api_base_url": "%1$s/v1/messages", "api_key": "sk-fuzz-anth", "models": ["m1", "m2"],
                    "transformer": {"use": ["anthropic"]}},
                   {"name": "oai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "sk-fuzz-oai", "models": ["o1"]},
                   {"name": "gem", "api_base_url": "%1$s/v1beta", "api_key": "sk-fuzz-gem", "models": ["g1"],
                    "transformer": {"use": ["gemini"]}}],
                 "Router": {"default": "anth,m1", "background": "oai,o1", "think": "gem,g1", "longContext": "oai,o1",
                            "webSearch": "gem,g1", "image": "oai,o1"}}
                """.formatted(base);
        try {
            home = Files.createTempDirectory("router-fuzz");
            Files.writeString(home.resolve("config.json"), configText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // command-line arguments, not default properties: application.properties names port 3456
        daemon = new SpringApplicationBuilder(RouterApplication.class)
                .run(
                        "--server.port=0",
                        "--" + RouterConfiguration.HOME_PROPERTY + "=" + home,
                        "--" + RouterConfiguration.CONFIG_PROPERTY + "=" + home.resolve("config.json"),
                        "--logging.level.root=WARN");
        port = ((WebServerApplicationContext) daemon).getWebServer().getPort();
    }

    /** An answer: its status and its whole body. */
    record Answer(int statusCode, String body) {}

    /** One request on a connection of its own; the answer's body read to its end. */
    Answer send(String method, String path, String body, Map<String, String> headers) {
        try {
            // A connection per input, closed when the answer is in: the JDK client's pooled connections
            // stalled now and then under the admin fuzz while every daemon thread was idle (curl, raw
            // sockets and a standalone JDK client replaying the inputs got answers), and a JDK client per
            // input holds its selector's descriptors until a collection, which ran a 20,000-input fuzz out
            // of files. Reactor Netty's client without a pool closes each connection at once.
            Answer answer = http.headers(h -> headers.forEach(h::set))
                    .request(HttpMethod.valueOf(method))
                    .uri("http://127.0.0.1:" + port + path)
                    .send(ByteBufFlux.fromString(Mono.just(body)))
                    .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                            .defaultIfEmpty("")
                            .map(text -> new Answer(response.status().code(), text)))
                    .block(Duration.ofSeconds(30));
            if (answer == null) {
                throw new IllegalStateException("no answer");
            }
            previous = method + " " + path + " -> " + answer.statusCode() + "\n" + body;
            return answer;
        } catch (RuntimeException e) {
            keep(method + " " + path, body + "\n\nprevious request: " + previous);
            throw new AssertionError(
                    "the daemon dropped the connection for " + method + " " + path + ": " + e + "\nfor input "
                            + Verdicts.shorten(body),
                    e);
        }
    }

    /** Keeps an input that lost its answer in {@code target/fuzz-failures/}, whole, to replay it. */
    private void keep(String request, String body) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            StringBuilder threads = new StringBuilder();
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                threads.append('\n')
                        .append(thread.getName())
                        .append(' ')
                        .append(thread.getState())
                        .append('\n');
                for (StackTraceElement frame : stack) {
                    threads.append("    at ").append(frame).append('\n');
                }
            });
            // the daemon runs in this JVM: its threads show where the answer got stuck
            Files.writeString(
                    Files.createTempFile(dir, "input-", ".txt"), request + "\n" + body + "\n\nthreads:" + threads);
        } catch (IOException ignored) {
            // the assertion that follows reports the input, shortened
        }
    }

    /** Headers an admin client sends. */
    Map<String, String> adminHeaders() {
        return Map.of("content-type", "application/json", LocalRouter.ADMIN_HEADER, LocalRouter.adminToken(home));
    }

    boolean alive() {
        return send("GET", "/health", "", Map.of()).statusCode() == 200;
    }

    @Override
    public void close() {
        daemon.close();
        upstream.dispose();
    }
}
