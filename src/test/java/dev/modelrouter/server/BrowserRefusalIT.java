package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RawHttp;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The inference endpoints refuse what only a browser sends (an Origin, a cross-site fetch, a foreign
 * Host after DNS rebinding, a form or text body), in the client's protocol and before anything goes
 * upstream, while requests such as Claude Code, the SDKs and curl send still pass. Doubled Host or
 * Origin headers are refused everywhere.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserRefusalIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    static final String ANTHROPIC =
            "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String OPENAI = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,m"},
                 "resilience": {"max_attempts": 1}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @BeforeEach
    void answerEverything() {
        UPSTREAM.clearScript();
        UPSTREAM.otherwise(r -> Reply.hi());
    }

    /** Status line and body of one request sent as {@code head} (without Host) plus {@code body}. */
    private String send(String method, String path, String headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\n" + headers + "connection: close\r\n"
                + (method.equals("GET") ? "" : "content-length: " + bytes.length + "\r\n") + "\r\n";
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send(head).send(bytes);
            return raw.readUntilClosed(Duration.ofSeconds(30)).text();
        }
    }

    private String host() {
        return "host: 127.0.0.1:" + port + "\r\n";
    }

    /** Each endpoint, the body its clients send, and how its protocol names a refusal. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POST | /v1/messages | A | \"type\":\"permission_error\"",
                "POST | /v1/messages/count_tokens | A | \"type\":\"permission_error\"",
                "POST | /v1/chat/completions | O | \"error\":{\"message\"",
                "POST | /v1beta/models/m:generateContent | G | \"status\":\"PERMISSION_DENIED\"",
                "GET | /v1/models | - | \"type\":\"permission_error\"",
            })
    void refusesWhatOnlyABrowserSends(String method, String path, String kind, String refused) throws IOException {
        String body = switch (kind) {
            case "A" -> ANTHROPIC;
            case "O" -> OPENAI;
            case "G" -> GEMINI;
            default -> "";
        };
        String json = method.equals("GET") ? "" : "content-type: application/json\r\n";
        int before = UPSTREAM.received().size();

        assertThat(send(method, path, host() + json + "origin: https://evil.example\r\n", body))
                .startsWith("HTTP/1.1 403")
                .contains(refused)
                .contains("Origin 'https://evil.example'");
        assertThat(send(method, path, host() + json + "origin: null\r\n", body)).startsWith("HTTP/1.1 403");
        assertThat(send(method, path, host() + json + "origin: http://localhost:3000\r\n", body))
                .startsWith("HTTP/1.1 403");
        assertThat(send(method, path, host() + json + "sec-fetch-site: cross-site\r\n", body))
                .startsWith("HTTP/1.1 403")
                .contains(refused);
        // a page on another localhost port is same-site
        assertThat(send(method, path, host() + json + "sec-fetch-site: same-site\r\n", body))
                .startsWith("HTTP/1.1 403");
        // DNS rebinding: the page's own name, pointed at 127.0.0.1
        assertThat(send(method, path, "host: rebind.evil.example:" + port + "\r\n" + json, body))
                .startsWith("HTTP/1.1 403")
                .contains(refused)
                .contains("rebind.evil.example");
        assertThat(send(method, path, json, body)).startsWith("HTTP/1.1 403");
        if (method.equals("POST")) {
            for (String type : new String[] {
                "text/plain",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx",
                "text/json"
            }) {
                assertThat(send(method, path, host() + "content-type: " + type + "\r\n", body))
                        .as(type)
                        .startsWith("HTTP/1.1 415")
                        .contains("application/json");
            }
        }
        assertThat(UPSTREAM.received()).hasSize(before);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/v1/messages | A",
                "/v1/chat/completions | O",
                "/v1beta/models/m:generateContent | G",
            })
    void passesWhatClaudeCodeTheSdksAndCurlSend(String path, String kind) throws IOException {
        String body = kind.equals("A") ? ANTHROPIC : kind.equals("O") ? OPENAI : GEMINI;
        for (String headers : new String[] {
            host() + "content-type: application/json\r\n",
            host() + "content-type: application/json; charset=utf-8\r\n",
            host() + "content-type: application/vnd.example+json\r\n",
            host() + "",
            "host: localhost:" + port + "\r\ncontent-type: application/json\r\n",
            "host: [::1]:" + port + "\r\ncontent-type: application/json\r\n",
            "host: 127.0.0.1:8080\r\ncontent-type: application/json\r\n",
            host() + "content-type: application/json\r\nsec-fetch-site: none\r\n",
            host() + "content-type: application/json\r\nsec-fetch-site: same-origin\r\n",
        }) {
            assertThat(send("POST", path, headers, body)).as(headers).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void refusesTwoHostOrTwoOriginHeadersOnEveryPath() throws IOException {
        int before = UPSTREAM.received().size();
        String json = "content-type: application/json\r\n";
        assertThat(send("POST", "/v1/messages", host() + "host: evil.example\r\n" + json, ANTHROPIC))
                .startsWith("HTTP/1.1 400")
                .contains("more than one Host");
        assertThat(send("POST", "/v1/chat/completions", host() + "host: evil.example\r\n" + json, OPENAI))
                .startsWith("HTTP/1.1 400")
                .contains("more than one Host");
        assertThat(send("GET", "/api/status", host() + "host: evil.example\r\n", ""))
                .startsWith("HTTP/1.1 400")
                .contains("more than one Host");
        assertThat(send(
                        "GET",
                        "/api/status",
                        host() + "origin: http://127.0.0.1:" + port + "\r\norigin: https://evil.example\r\n",
                        ""))
                .startsWith("HTTP/1.1 400")
                .contains("more than one Origin");
        assertThat(UPSTREAM.received()).hasSize(before);
    }
}
