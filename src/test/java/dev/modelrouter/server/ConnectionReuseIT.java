package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A keep-alive connection answers its next request after a config write. The write's answer is
 * sent from a worker thread, so a client as quick as the JDK's can send its next request before
 * Reactor Netty has finished with the write; 1.3.6 then queues that request as pipelined, answers
 * it, and never reads the connection again (reactor-netty#4361), which stalled pooled test clients.
 * One raw socket, so no client library's pool or retry hides a stall.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConnectionReuseIT {

    static final Path HOME = LocalRouter.newHome();
    static final Pattern LENGTH = Pattern.compile("(?i)\r\ncontent-length: (\\d+)\r\n");
    /** Far above any answer's time on a busy machine; a stalled connection never answers. */
    static final int PATIENCE_MILLIS = 10_000;

    static String config(String model) {
        return """
                {
                  // connection reuse test
                  "Providers": [{"name": "p", "api_base_url": "http://127.0.0.1:9/v1/messages", "api_key": "k",
                     "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}}],
                  "Router": {"default": "p,%s"},
                }
                """.formatted(model);
    }

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        Path file = RouterConfigs.write(config("m1"));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void answersEveryRequestOnOneConnectionThatAlternatesConfigWritesAndReads() throws IOException {
        String token = LocalRouter.adminToken(HOME);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(PATIENCE_MILLIS);
            for (int round = 0; round < 40; round++) {
                byte[] body = config(round % 2 == 0 ? "m2" : "m1").getBytes(StandardCharsets.UTF_8);
                send(
                        socket,
                        "PUT /api/config HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                                + LocalRouter.ADMIN_HEADER + ": " + token + "\r\nContent-Length: " + body.length
                                + "\r\n\r\n",
                        body);
                assertThat(answer(socket)).as("the write in round %d", round).startsWith("HTTP/1.1 200");
                send(
                        socket,
                        "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + LocalRouter.ADMIN_HEADER + ": "
                                + token + "\r\n\r\n",
                        new byte[0]);
                assertThat(answer(socket))
                        .as("the read after the write in round %d", round)
                        .startsWith("HTTP/1.1 200")
                        .contains("\"p," + (round % 2 == 0 ? "m2" : "m1") + "\"");
            }
        }
    }

    private static void send(Socket socket, String head, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One whole answer (head and a content-length body), or what came before the connection stalled or ended. */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                got.write(buffer, 0, n);
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                Matcher length = LENGTH.matcher(text);
                if (end > 0 && length.find() && got.size() >= end + 4 + Integer.parseInt(length.group(1))) {
                    return text;
                }
            }
            return "connection ended after: " + got.toString(StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "no answer within " + PATIENCE_MILLIS + " ms after: " + got.toString(StandardCharsets.UTF_8);
        }
    }
}
