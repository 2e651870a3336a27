package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * claude-code-router JavaScript transformers, written in ccr's format and configured as in ccr
 * ({@code "transformers": [{"path", "options"}]}, named in a provider's {@code use}), serve Claude Code
 * turns through the daemon against scripted upstreams; one that does not even load leaves the daemon
 * starting and fails only its own provider's requests, naming the file.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScriptTransformersIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    /** The OAuth token endpoint the credentials transformer refreshes against. */
    static final ScriptedUpstream TOKENS = new ScriptedUpstream();

    static final Path HOME = LocalRouter.newHome();
    static final Path CREDENTIALS = HOME.resolve("oauth_creds.json");

    // as gemini-cli / qwen-cli do: read an OAuth credentials file, refresh an expired access token with
    // the refresh token, write the file back, send the token as the Authorization header
    static final String OAUTH = """
            const fs = require('node:fs');
            class OAuthCreds {
              constructor(options) { this.options = options; this.name = 'oauth-creds'; }
              async token() {
                const creds = JSON.parse(fs.readFileSync(this.options.credentialsPath, 'utf8'));
                if (creds.expiry_date > Date.now() + 60000) return creds.access_token;
                const res = await fetch(this.options.tokenUrl, {
                  method: 'POST',
                  headers: { 'content-type': 'application/x-www-form-urlencoded' },
                  body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refresh_token }),
                });
                if (!res.ok) throw new Error('token refresh failed: ' + res.status);
                const fresh = await res.json();
                creds.access_token = fresh.access_token;
                creds.expiry_date = Date.now() + fresh.expires_in * 1000;
                fs.writeFileSync(this.options.credentialsPath, JSON.stringify(creds));
                return creds.access_token;
              }
              async transformRequestIn(request, provider) {
                const token = await this.token();
                const url = new URL(provider.baseUrl);
                url.searchParams.set('via', 'oauth');
                return { body: request, config: { url, headers: { Authorization: 'Bearer ' + token, 'x-api-key': undefined } } };
              }
            }
            module.exports = OAuthCreds;
            """;

    static final String REWRITER = """
            module.exports = class {
              name = 'rewriter';
              constructor(options) { this.options = options; }
              async transformRequestIn(request, provider) {
                request.max_tokens = this.options.maxTokens;
                request.messages.unshift({ role: 'system', content: 'routed to ' + provider.name + ' ' + request.model });
                return request;
              }
            };
            """;

    // rewrites the streamed answer: a line-buffered pass over the OpenAI SSE that upper-cases the text
    static final String SHOUTER = """
            module.exports = class {
              name = 'shouter';
              async transformResponseOut(response) {
                if (!(response.headers.get('content-type') || '').includes('text/event-stream')) return response;
                const decoder = new TextDecoder();
                const encoder = new TextEncoder();
                let rest = '';
                const shout = (line) => {
                  if (!line.startsWith('data: ') || line === 'data: [DONE]') return line;
                  const chunk = JSON.parse(line.slice(6));
                  for (const choice of chunk.choices || []) {
                    if (choice.delta && choice.delta.content) choice.delta.content = choice.delta.content.toUpperCase();
                  }
                  return 'data: ' + JSON.stringify(chunk);
                };
                const body = response.body.pipeThrough(new TransformStream({
                  transform(bytes, controller) {
                    const lines = (rest + decoder.decode(bytes, { stream: true })).split('\\n');
                    rest = lines.pop();
                    for (const line of lines) controller.enqueue(encoder.encode(shout(line) + '\\n'));
                  },
                  flush(controller) { if (rest) controller.enqueue(encoder.encode(shout(rest))); },
                }));
                return new Response(body, { status: response.status, headers: response.headers });
              }
            };
            """;

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) throws IOException {
        Path plugins = Files.createDirectories(HOME.resolve("plugins"));
        Files.writeString(plugins.resolve("oauth-creds.js"), OAUTH);
        Files.writeString(plugins.resolve("rewriter.js"), REWRITER);
        Files.writeString(plugins.resolve("shouter.js"), SHOUTER);
        Files.writeString(plugins.resolve("broken.js"), "module.exports = class { name = 'broken'; oops( };");
        Files.writeString(
                CREDENTIALS,
                "{\"access_token\":\"stale-token\",\"refresh_token\":\"refresh-1\"," + "\"expiry_date\":1}");
        String chat = UPSTREAM.url() + "/v1/chat/completions";
        String json = """
                {
                  "transformers": [
                    {"path": "%1$s/oauth-creds.js", "options": {"credentialsPath": "%2$s", "tokenUrl": "%3$s/token"}},
                    {"path": "%1$s/rewriter.js", "options": {"maxTokens": 77}},
                    {"path": "%1$s/shouter.js"},
                    {"path": "%1$s/broken.js"}
                  ],
                  "Providers": [
                    {"name": "oauth", "api_base_url": "%4$s", "api_key": "sk-dummy", "models": ["m"],
                     "transformer": {"use": ["oauth-creds"]}},
                    {"name": "rw", "api_base_url": "%4$s", "api_key": "sk-rw", "models": ["m"],
                     "transformer": {"use": ["rewriter"]}},
                    {"name": "loud", "api_base_url": "%4$s", "api_key": "sk-loud", "models": ["m"],
                     "transformer": {"use": ["shouter"]}},
                    {"name": "bad", "api_base_url": "%4$s", "api_key": "sk-bad", "models": ["m"],
                     "transformer": {"use": ["broken"]}}
                  ],
                  "Router": {"default": "rw,m"}
                }
                """.formatted(plugins, CREDENTIALS, TOKENS.url(), chat);
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
        TOKENS.close();
    }

    @BeforeEach
    void connect() {
        NodeJs.assumeInstalled();
        client = LocalRouter.adminClient(port, HOME);
    }

    private static String turn(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":1024,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    }

    private static Reply openAiHi() {
        return Reply.chatHi();
    }

    private String post(String body) {
        return client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void anOAuthTransformerRefreshesItsTokenOnceAndSendsItToTheUrlItChose() throws IOException {
        TOKENS.enqueue(
                Reply.json(200, "{\"access_token\":\"fresh-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}"));
        UPSTREAM.enqueue(openAiHi(), openAiHi());

        assertThat(post(turn("oauth,m", false))).contains("Hi!");
        assertThat(post(turn("oauth,m", false))).contains("Hi!");

        assertThat(TOKENS.received()).singleElement().satisfies(r -> {
            assertThat(r.uri()).isEqualTo("/token");
            assertThat(r.bodyText()).contains("grant_type=refresh_token").contains("refresh_token=refresh-1");
        });
        List<ScriptedUpstream.Received> sent = UPSTREAM.received()
                .subList(UPSTREAM.received().size() - 2, UPSTREAM.received().size());
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.headers()).containsEntry("authorization", "Bearer fresh-token");
            assertThat(r.headers()).doesNotContainKey("x-api-key");
            assertThat(r.uri()).isEqualTo("/v1/chat/completions?via=oauth");
        });
        assertThat(Files.readString(CREDENTIALS)).contains("\"access_token\":\"fresh-token\"");
    }

    @Test
    void aRequestTransformerRewritesTheUnifiedBodyWithItsOptions() {
        UPSTREAM.enqueue(openAiHi());

        assertThat(post(turn("rw,m", false))).contains("Hi!");

        String body = UPSTREAM.last().bodyText();
        assertThat(body).contains("\"max_tokens\":77").contains("routed to rw m");
        assertThat(UPSTREAM.last().headers()).containsEntry("authorization", "Bearer sk-rw");
    }

    @Test
    void aResponseTransformerRewritesTheStreamedAnswer() {
        UPSTREAM.enqueue(Reply.sse(List.of(
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"hello \"}}]}\n\n",
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"world\"},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n")));

        String events = post(turn("loud,m", true));

        assertThat(events)
                .contains("\"text\":\"HELLO \"")
                .contains("\"text\":\"WORLD\"")
                .doesNotContain("world");
        assertThat(events).contains("event: message_stop");
    }

    @Test
    void aTransformerThatDoesNotLoadFailsItsProvidersRequestsNamingTheFile() {
        int before = UPSTREAM.received().size();

        String error = client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(turn("bad,m", false))
                .exchange()
                .expectStatus()
                .is5xxServerError()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(error).contains("broken.js").contains("SyntaxError");
        assertThat(UPSTREAM.received()).hasSize(before);
    }
}
