package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.netty.http.client.HttpClient;

/**
 * The inference endpoints are served by the {@link FrontDoor} ahead of Spring, with Spring's key
 * check, body limit and errors; every other request still reaches Spring, which a recording web
 * filter shows.
 */
@SpringBootTest(
        classes = {RouterApplication.class, MessagesRouteIT.Recording.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MessagesRouteIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final String KEY = "router-key-42";
    static final int LIMIT = 100_000;
    static final Queue<String> SEEN_BY_SPRING = new ConcurrentLinkedQueue<>();

    /** Records what reaches Spring's web filter chain. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        WebFilter recorder() {
            return (exchange, chain) -> {
                SEEN_BY_SPRING.add(exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getURI().getRawPath());
                return chain.filter(exchange);
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"APIKEY": "%s",
                 "Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk",
                   "models": ["claude-up"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,claude-up"}, "MAX_BODY_BYTES": %d, "resilience": {"max_attempts": 1}}
                """.formatted(KEY, UPSTREAM.url(), LIMIT);
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void connect() {
        client = LocalRouter.client(port);
        SEEN_BY_SPRING.clear();
    }

    private static String request(boolean stream) {
        return "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void servesMessagesWithClaudeCodesBetaQueryAheadOfSpring() {
        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        client.post()
                .uri("/v1/messages?beta=true")
                .header("x-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("content-type", "application/json")
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody(String.class)
                .isEqualTo(AnthropicPassthroughIT.MESSAGE);
        assertThat(SEEN_BY_SPRING).isEmpty();
    }

    @Test
    void servesOpenAiAndGeminiClientsAtTheSameDoor() {
        UPSTREAM.enqueue(
                Reply.json(200, AnthropicPassthroughIT.MESSAGE), Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        client.post()
                .uri("/v1/chat/completions")
                .header("authorization", "Bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("x-router-route", "default anth,claude-up")
                .expectBody()
                .jsonPath("$.object")
                .isEqualTo("chat.completion");
        client.post()
                .uri("/v1beta/models/gemini%2D2.5-pro:generateContent")
                .header("x-goog-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.candidates[0].content.parts[0].text")
                .isNotEmpty();
        client.post()
                .uri("/v1beta/models/gemini-2.5-pro:countTokens")
                .header("x-goog-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("no method 'countTokens'"));
        assertThat(SEEN_BY_SPRING).isEmpty();
    }

    @Test
    void leavesEveryOtherRequestToSpring() {
        client.post()
                .uri("/v1/messages/count_tokens?beta=true")
                .header("x-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isOk();
        client.get()
                .uri("/v1/messages")
                .header("x-api-key", KEY)
                .exchange()
                .expectStatus()
                .isNotFound();
        client.post()
                .uri("/v1/messages/")
                .header("x-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isNotFound();
        client.get().uri("/health").exchange().expectStatus().isOk();
        assertThat(SEEN_BY_SPRING)
                .containsExactly(
                        "POST /v1/messages/count_tokens", "GET /v1/messages", "POST /v1/messages/", "GET /health");
    }

    @Test
    void refusesAMissingOrWrongKeyInAnthropicsFormat() {
        client.post()
                .uri("/v1/messages?beta=true")
                .header("x-api-key", KEY + "x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("error")
                .jsonPath("$.error.type")
                .isEqualTo("authentication_error")
                .jsonPath("$.error.message")
                .value(m -> assertThat((String) m).contains("x-api-key"));
        client.post()
                .uri("/v1/messages")
                .header("authorization", "Bearer wrong")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        UPSTREAM.enqueue(
                Reply.json(200, AnthropicPassthroughIT.MESSAGE), Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        client.post()
                .uri("/v1/messages")
                .header("authorization", "bearer " + KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isOk();
        client.post()
                .uri("/v1/messages")
                .header("x-goog-api-key", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request(false))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(SEEN_BY_SPRING).isEmpty();
    }

    @Test
    void refusesABodyOverTheLimitWhileItIsStillArriving() throws IOException {
        int before = UPSTREAM.received().size();
        String response;
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY
                            + "\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // four chunks make the limit, a fifth passes it; the body's last chunk never comes
            for (int size : List.of(25_000, 25_000, 25_000, 25_000, 1)) {
                out.write((Integer.toHexString(size) + "\r\n" + "x".repeat(size) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            response = read(socket);
        }
        assertThat(response)
                .startsWith("HTTP/1.1 413 ")
                .containsIgnoringCase("content-type: application/json")
                .contains(
                        "{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"request body is over"
                                + " the router's limit of " + LIMIT + " bytes (MAX_BODY_BYTES in config.json)\"}}");
        assertThat(UPSTREAM.received()).hasSize(before);
        assertThat(SEEN_BY_SPRING).isEmpty();
    }

    @Test
    void refusesADeclaredLengthOverTheLimitBeforeReadingTheBody() throws IOException {
        String response;
        try (Socket socket = open()) {
            socket.getOutputStream()
                    .write(("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: " + KEY
                                    + "\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n{\"model\":")
                            .getBytes(StandardCharsets.US_ASCII));
            response = read(socket);
        }
        assertThat(response)
                .startsWith("HTTP/1.1 413 ")
                .contains(
                        "\"type\":\"request_too_large\"", "request body of 10000000 bytes is over the router's limit");
    }

    @Test
    void sendsEachEventOfAStreamAsItComes() {
        UPSTREAM.enqueue(Reply.sse(AnthropicPassthroughIT.STREAM).paced(Duration.ofMillis(400)));
        long start = System.nanoTime();
        List<Long> arrivals = HttpClient.create()
                .headers(h -> h.set("x-api-key", KEY))
                .post()
                .uri("http://127.0.0.1:" + port + "/v1/messages?beta=true")
                .send(reactor.core.publisher.Mono.just(
                        io.netty.buffer.Unpooled.copiedBuffer(request(true), StandardCharsets.UTF_8)))
                .responseContent()
                .map(chunk -> (System.nanoTime() - start) / 1_000_000)
                .collectList()
                .block(Duration.ofSeconds(20));
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(AnthropicPassthroughIT.STREAM.size());
        // six events 400 ms apart: the first is out long before the last is sent
        assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).isGreaterThan(1500);
    }

    /** The route bypasses Spring's web filters, so it must apply each one that covers its path itself. */
    @Test
    void everyWebFilterIsOneTheRouteAccountsFor() {
        assertThat(context.getBeansOfType(WebFilter.class).values())
                .extracting(filter -> filter.getClass().getName())
                .filteredOn(name -> !name.startsWith(MessagesRouteIT.class.getName()))
                .as("a new WebFilter: if it applies to an inference endpoint, FrontDoor must apply it too")
                // AdminTokenFilter guards /api/** and /actuator/** only, never POST /v1/messages
                .containsExactlyInAnyOrder(
                        ApiKeyFilter.class.getName(),
                        LoopbackGuard.class.getName(),
                        BrowserGuard.class.getName(),
                        AdminTokenFilter.class.getName());
    }

    private Socket open() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * One whole HTTP/1.1 response, read by its framing: the headers, then a body of content-length
     * bytes, a chunked body to its last chunk, or, with neither, everything until the server closes.
     */
    private static String read(Socket socket) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int headersEnd;
        while ((headersEnd = got.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n")) < 0) {
            if (!readSome(in, got)) {
                return got.toString(StandardCharsets.UTF_8);
            }
        }
        String head = got.toString(StandardCharsets.ISO_8859_1)
                .substring(0, headersEnd)
                .toLowerCase(Locale.ROOT);
        Matcher length = Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
        int bodyStart = headersEnd + 4;
        if (length.find()) {
            int total = bodyStart + Integer.parseInt(length.group(1));
            while (got.size() < total && readSome(in, got)) {
                // more of the body
            }
        } else if (head.contains("\r\ntransfer-encoding: chunked")) {
            while (!got.toString(StandardCharsets.ISO_8859_1)
                            .substring(bodyStart)
                            .contains("0\r\n\r\n")
                    && readSome(in, got)) {
                // more chunks
            }
        } else {
            while (readSome(in, got)) {
                // to the end of the connection
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Reads what is there; false at the end of the connection (a close, or a reset after the response). */
    private static boolean readSome(InputStream in, ByteArrayOutputStream got) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        try {
            n = in.read(buffer);
        } catch (SocketException e) {
            return false;
        }
        if (n <= 0) {
            return false;
        }
        got.write(buffer, 0, n);
        return true;
    }
}
