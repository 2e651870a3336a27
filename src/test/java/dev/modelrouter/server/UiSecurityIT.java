package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The web UI's door at the HTTP level: login link, session cookie, CSRF header, headers, live feed. */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiSecurityIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static Path file;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        file = RouterConfigs.write("""
                {
                  "APIKEY": "client-key-1",
                  "Providers": [{"name": "p", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                                 "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}}],
                  "Router": {"default": "p,m1"}
                }
                """.formatted(UPSTREAM.url()));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    WebTestClient plain() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.newConnection()))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    String loginLink() {
        String body = LocalRouter.adminClient(port, HOME)
                .post()
                .uri("/api/ui/login-link")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JSON.readTree(body).path("url").asString();
    }

    /** Follows a login link as a browser would and returns the session cookie's value. */
    String session() {
        URI link = URI.create(loginLink());
        List<String> cookies = plain().get()
                .uri(link.getRawPath() + "?" + link.getRawQuery())
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .location("/ui/")
                .returnResult(String.class)
                .getResponseHeaders()
                .get(HttpHeaders.SET_COOKIE);
        assertThat(cookies).hasSize(1);
        String cookie = cookies.get(0);
        assertThat(cookie)
                .startsWith(UiSessions.COOKIE + "=")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    @Test
    void loginLinkIsMintedOnlyForTheAdminTokenAndPointsAtTheDaemon() {
        plain().post().uri("/api/ui/login-link").exchange().expectStatus().isUnauthorized();
        plain().post()
                .uri("/api/ui/login-link")
                .header("x-api-key", "client-key-1")
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertThat(loginLink()).matches("http://127\\.0\\.0\\.1:" + port + "/ui/login\\?token=[A-Za-z0-9_-]{43}");
    }

    @Test
    void loginCodeWorksOnceAndTheAdminTokenIsNoLoginCode() {
        URI link = URI.create(loginLink());
        String path = link.getRawPath() + "?" + link.getRawQuery();
        plain().get().uri(path).exchange().expectStatus().isSeeOther();

        plain().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .doesNotExist(HttpHeaders.SET_COOKIE);
        plain().get()
                .uri("/ui/login?token=" + LocalRouter.adminToken(HOME))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        plain().get().uri("/ui/login").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void withoutTheCookieEveryUiPageAndAdminCallIsRefused() {
        for (String page : List.of("/ui", "/ui/", "/ui/app.js", "/ui/style.css", "/ui/nothing.js", "/%75i/")) {
            plain().get()
                    .uri(URI.create("http://127.0.0.1:" + port + page))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .valueEquals("X-Frame-Options", "DENY");
        }
        plain().get().uri("/api/status").exchange().expectStatus().isUnauthorized();
        plain().get().uri("/api/events").exchange().expectStatus().isUnauthorized();
        plain().get()
                .uri("/api/status")
                .cookie(UiSessions.COOKIE, "made-up")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aLaterVisitRevalidatesTheFilesAndGetsNotModifiedOnlyWithTheCookie() {
        String session = session();
        String etag = plain().get()
                .uri("/ui/app.js")
                .cookie(UiSessions.COOKIE, session)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
        assertThat(etag).matches("\"[0-9a-f]{24}\"");

        plain().get()
                .uri("/ui/app.js")
                .cookie(UiSessions.COOKIE, session)
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectHeader()
                .valueEquals("Content-Security-Policy", UiHandlers.CSP)
                .expectBody()
                .isEmpty();
        plain().get()
                .uri("/ui/app.js")
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theCookieOpensPagesAndReadsWithStrictSecurityHeaders() {
        String session = session();

        plain().get()
                .uri("/ui/")
                .cookie(UiSessions.COOKIE, session)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/html;charset=utf-8")
                .expectHeader()
                .valueEquals("Content-Security-Policy", UiHandlers.CSP)
                .expectHeader()
                .valueEquals("X-Frame-Options", "DENY")
                .expectHeader()
                .valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff")
                .expectBody(String.class)
                .value(html -> assertThat(html)
                        .contains("<script type=\"module\" src=\"app.js\">")
                        .doesNotContain("<script>")
                        .doesNotContain("style=\"")
                        .doesNotContain("http://")
                        .doesNotContain("https://"));
        plain().get()
                .uri("/ui/app.js")
                .cookie(UiSessions.COOKIE, session)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType("text/javascript;charset=utf-8");
        plain().get()
                .uri("/ui")
                .cookie(UiSessions.COOKIE, session)
                .exchange()
                .expectStatus()
                .isSeeOther()
                .expectHeader()
                .location("/ui/");
        plain().get()
                .uri("/api/status")
                .cookie(UiSessions.COOKIE, session)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aChangeWithTheCookieNeedsTheUiHeaderAndALoopbackOrigin() throws Exception {
        String session = session();
        String before = Files.readString(file);

        plain().put()
                .uri("/api/routes/default")
                .cookie(UiSessions.COOKIE, session)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"p,m2\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        plain().put()
                .uri("/api/routes/default")
                .cookie(UiSessions.COOKIE, session)
                .header("x-router-ui", "1")
                .header(HttpHeaders.ORIGIN, "http://evil.example")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"p,m2\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(Files.readString(file)).isEqualTo(before);

        plain().put()
                .uri("/api/routes/default")
                .cookie(UiSessions.COOKIE, session)
                .header("x-router-ui", "1")
                .header(HttpHeaders.ORIGIN, "http://127.0.0.1:" + port)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"p,m2\"}")
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(Files.readString(file)).contains("\"default\": \"p,m2\"");
        plain().put()
                .uri("/api/routes/default")
                .cookie(UiSessions.COOKIE, session)
                .header("x-router-ui", "1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"p,m1\"}")
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void liveFeedSendsEachFinishedRequestWithoutItsPrompt() {
        String session = session();
        UPSTREAM.otherwise(received -> Reply.hi());
        Flux<ServerSentEvent<String>> events = WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/api/events")
                .cookie(UiSessions.COOKIE, session)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null)
                // off the event loop: the step below sends a request and waits for it
                .publishOn(Schedulers.boundedElastic());

        StepVerifier.create(events.take(2))
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("ready");
                    LocalRouter.route(
                            LocalRouter.client(port),
                            "/v1/messages",
                            """
                            {"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"secret prompt 42"}]}
                            """,
                            java.util.Map.of("x-api-key", "client-key-1"));
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("request");
                    JsonNode data = JSON.readTree(e.data());
                    assertThat(data.path("dropped").asLong()).isZero();
                    assertThat(data.path("request").path("served").asString()).isEqualTo("p,m1");
                    assertThat(data.path("request").path("requested_model").asString())
                            .isEqualTo("claude-x");
                    assertThat(e.data()).doesNotContain("secret prompt");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(30));
    }
}
