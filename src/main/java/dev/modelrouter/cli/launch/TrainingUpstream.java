package dev.modelrouter.cli.launch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The providers of an archive training: a loopback server that answers every message with a canned one, in
 * the Anthropic and the OpenAI protocol, whole or streamed, so that the training's requests run the whole
 * pipeline (routing, codecs, upstream client, response path) and its classes land in the archive. Nothing
 * leaves the machine: the training daemon's config names only this server.
 */
final class TrainingUpstream implements AutoCloseable {

    private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

    private static final String ANTHROPIC_MESSAGE = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"m\",\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}";

    private static final List<String> ANTHROPIC_EVENTS = List.of(
            anthropicEvent(
                    "message_start",
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                            + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
                            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"),
            anthropicEvent(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            anthropicEvent(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi!\"}}"),
            anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
            anthropicEvent(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                            + "\"usage\":{\"output_tokens\":2}}"),
            anthropicEvent("message_stop", "{\"type\":\"message_stop\"}"));

    private static final String OPENAI_USAGE =
            "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}";

    private static final String OPENAI_COMPLETION =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},"
                    + "\"finish_reason\":\"stop\"}]," + OPENAI_USAGE + "}";

    private static final List<String> OPENAI_CHUNKS = List.of(
            openaiChunk("[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]"),
            openaiChunk("[{\"index\":0,\"delta\":{\"content\":\"Hi!\"},\"finish_reason\":null}]"),
            openaiChunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]"),
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[]," + OPENAI_USAGE + "}\n\n",
            "data: [DONE]\n\n");

    private final HttpServer server;
    private final AtomicInteger answered = new AtomicInteger();

    private TrainingUpstream(HttpServer server) {
        this.server = server;
    }

    /** Listens on a free loopback port until closed. */
    static TrainingUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TrainingUpstream upstream = new TrainingUpstream(server);
        server.createContext("/v1/messages", e -> upstream.answer(e, ANTHROPIC_MESSAGE, ANTHROPIC_EVENTS));
        // a token count for the Anthropic provider is asked of it (contexts match by prefix: this one is longer)
        server.createContext("/v1/messages/count_tokens", e -> upstream.answer(e, "{\"input_tokens\":5}", null));
        server.createContext("/v1/chat/completions", e -> upstream.answer(e, OPENAI_COMPLETION, OPENAI_CHUNKS));
        server.start();
        return upstream;
    }

    /**
     * A daemon config whose providers are all this server: one for each protocol under the name the
     * requests use, and the example config's transformers, so that loading them is trained as before.
     */
    String config() {
        String base = "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort();
        return """
                {"HOST": "127.0.0.1", "LOG": true,
                 "Providers": [
                  {"name": "anthropic", "api_base_url": "%1$s/v1/messages", "api_key": "training",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}},
                  {"name": "openai", "api_base_url": "%1$s/v1/chat/completions", "api_key": "training",
                   "models": ["m"]},
                  {"name": "deepseek", "api_base_url": "%1$s/v1/chat/completions", "api_key": "training",
                   "models": ["m"], "transformer": {"use": ["deepseek"], "m": {"use": ["tooluse"]}}},
                  {"name": "openrouter", "api_base_url": "%1$s/v1/chat/completions", "api_key": "training",
                   "models": ["m"], "transformer": {"use": ["openrouter"]}}],
                 "Router": {"default": "anthropic,m", "background": "openai,m", "think": "deepseek,m",
                  "longContext": "openrouter,m", "longContextThreshold": 60000}}
                """.formatted(base);
    }

    /** How many messages this server has answered (token counts are not messages). */
    int answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Answers {@code whole}, or {@code events} when the request asks for a stream; null events: no message. */
    private void answer(HttpExchange exchange, String whole, @Nullable List<String> events) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean stream = events != null && STREAM.matcher(body).find();
            exchange.getResponseHeaders().set("content-type", stream ? "text/event-stream" : "application/json");
            byte[] bytes = (stream ? String.join("", events) : whole).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            if (events != null) {
                answered.incrementAndGet();
            }
        }
    }

    private static String anthropicEvent(String type, String json) {
        return "event: " + type + "\ndata: " + json + "\n\n";
    }

    private static String openaiChunk(String choices) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":" + choices + "}\n\n";
    }
}
