package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.ConnectProxy;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** PROXY_URL: upstream calls go through the configured HTTP proxy (a CONNECT proxy on loopback), host names unresolved by the router. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProxyIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final ConnectProxy PROXY = proxy();

    private static ConnectProxy proxy() {
        try {
            return new ConnectProxy(UPSTREAM.port());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"PROXY_URL": "%s",
                 "Providers": [{"name": "anth", "api_base_url": "http://provider.example.invalid:8080/v1/messages",
                   "api_key": "sk-x", "models": ["m"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,m"}}
                """.formatted(PROXY.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        PROXY.close();
        UPSTREAM.close();
    }

    @Test
    void upstreamCallsGoThroughTheProxy() {
        UPSTREAM.enqueue(Reply.json(200, AnthropicPassthroughIT.MESSAGE));
        LocalRouter.client(port)
                .post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(PROXY.requested()).contains("provider.example.invalid:8080");
        ScriptedUpstream.Received got = UPSTREAM.last();
        assertThat(got.uri()).isEqualTo("/v1/messages");
        assertThat(got.headers()).containsEntry("x-api-key", "sk-x");
    }
}
