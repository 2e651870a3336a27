package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI's "show bodies" switch: off by default, the admin API then refuses bodies and the daemon
 * keeps none; on, a request's body and the start of its answer are shown with every secret masked
 * (provider keys, the client's key, {@code x-api-key}, {@code Authorization}, {@code private_key},
 * pasted key shapes) and cut to a preview; off again, they are forgotten. Through the admin API and in
 * a real headless Chromium against the real daemon and a scripted upstream on loopback.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiBodiesIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static final String CLIENT_KEY = "client-key-bodies-0815";
    static final String PROVIDER_KEY = "sk-provider-bodies-key-4711";
    static final String PASTED_KEY = "sk-ant-api03-pastedPastedPasted0123456789";
    static final String HEADER_KEY = "hdr-secret-value-31337";
    static final String PEM =
            "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----";
    static final String PROMPT = "tell me about the bodies switch";
    static final String ANSWER_TEXT = "Bodies are shown masked";

    static UiBrowser browser;

    @LocalServerPort
    int port;

    WebTestClient admin;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {
                  "APIKEY": "%s",
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/v1/messages", "api_key": "%s",
                     "models": ["m1"], "transformer": {"use": ["anthropic"]}}
                  ],
                  "Router": {"default": "p,m1"}
                }
                """.formatted(CLIENT_KEY, UPSTREAM.url(), PROVIDER_KEY);
        RouterConfigs.register(registry, json, HOME);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        UPSTREAM.close();
    }

    @BeforeEach
    void switchOff() {
        admin = LocalRouter.adminClient(port, HOME);
        setSwitch(false);
        // the answer repeats the provider's key: the upstream's bytes are masked too
        UPSTREAM.otherwise(r ->
                Reply.json(200, ScriptedUpstream.Reply.HI.replace("Hi!", ANSWER_TEXT + " (key " + PROVIDER_KEY + ")")));
    }

    JsonNode setSwitch(boolean on) {
        return JSON.readTree(admin.put()
                .uri("/api/ui/bodies")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"on\": " + on + "}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
    }

    /** A request carrying secrets in every place a body can, under {@code model}; its request-log id. */
    String send(String model, String prompt) throws IOException {
        String tool = "{\\\"x-api-key\\\": \\\"" + HEADER_KEY + "\\\", \\\"note\\\": \\\"kept\\\"}";
        String body = """
                {"model": "%s", "max_tokens": 5,
                 "metadata": {"Authorization": "Bearer %s", "private_key": "%s"},
                 "messages": [
                   {"role": "user", "content": "%s, my key is %s and the router's %s; my own %s"},
                   {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "call",
                     "input": {"x-api-key": "%s", "headers": "%s"}}]},
                   {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "%s"}]}
                 ]}
                """.formatted(
                        model, HEADER_KEY, PEM, prompt, PASTED_KEY, PROVIDER_KEY, CLIENT_KEY, HEADER_KEY, tool, PEM);
        assertThat(LocalRouter.route(LocalRouter.client(port), "/v1/messages", body, Map.of("x-api-key", CLIENT_KEY)))
                .isEqualTo("default p,m1");
        return JSON.readTree(LocalRouter.requestLogLine(HOME, model)).path("id").asString();
    }

    WebTestClient.ResponseSpec bodies(String id) {
        return admin.get().uri("/api/requests/" + id + "/bodies").exchange();
    }

    static void assertNoSecret(String text) {
        assertThat(text)
                .doesNotContain(CLIENT_KEY)
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain(PASTED_KEY)
                .doesNotContain(HEADER_KEY)
                .doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC")
                .doesNotContain(LocalRouter.adminToken(HOME));
    }

    @Test
    void theSwitchIsOffByDefaultAndWhileOffNoBodyIsKeptOrGiven() throws IOException {
        JsonNode state = JSON.readTree(admin.get()
                .uri("/api/ui/bodies")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());
        assertThat(state.path("on").asBoolean(true)).isFalse();
        String id = send("claude-off", PROMPT);

        String refusal = bodies(id)
                .expectStatus()
                .isForbidden()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(refusal).contains("show bodies", "is off").doesNotContain(PROMPT);
        // turned on later, it has nothing from before
        assertThat(setSwitch(true).path("kept").asInt()).isZero();
        bodies(id).expectStatus().isNotFound();
    }

    @Test
    void switchedOnTheApiShowsBothBodiesWithEverySecretMaskedAndOffForgetsThem() throws IOException {
        assertThat(setSwitch(true).path("on").asBoolean()).isTrue();
        String id = send("claude-on", PROMPT);

        JsonNode b = JSON.readTree(
                bodies(id).expectStatus().isOk().expectBody().returnResult().getResponseBodyContent());
        String request = b.path("request").path("text").asString();
        String response = b.path("response").path("text").asString();
        assertThat(request).contains(PROMPT, "\"model\" : \"claude-on\"", "kept", "***");
        assertThat(response).contains(ANSWER_TEXT, "***");
        assertNoSecret(request);
        assertNoSecret(response);
        assertThat(b.path("request").path("cut").asBoolean(true)).isFalse();

        assertThat(setSwitch(false).path("kept").asInt()).isZero();
        bodies(id).expectStatus().isForbidden();
        setSwitch(true);
        bodies(id).expectStatus().isNotFound();
    }

    @Test
    void aLargeBodyIsAPreviewCappedInSize() throws IOException {
        setSwitch(true);
        String id = send("claude-large", PROMPT + " " + "x".repeat(300_000) + " " + PROVIDER_KEY);

        JsonNode request = JSON.readTree(bodies(id)
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent())
                .path("request");
        assertThat(request.path("bytes").asLong()).isGreaterThan(300_000);
        assertThat(request.path("cut").asBoolean()).isTrue();
        assertThat(request.path("text").asString())
                .hasSizeLessThan(BodyPreview.MAX_CHARS + 200)
                .contains(PROMPT, "more characters)");
        assertNoSecret(request.path("text").asString());
    }

    @Test
    void theSwitchAndTheBodiesNeedTheAdminToken() {
        WebTestClient anyone = LocalRouter.client(port);
        anyone.get().uri("/api/ui/bodies").exchange().expectStatus().isUnauthorized();
        anyone.put()
                .uri("/api/ui/bodies")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"on\": true}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        anyone.get()
                .uri("/api/requests/0123456789ab/bodies")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        admin.put()
                .uri("/api/ui/bodies")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"on\": \"yes\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void inTheBrowserTheSwitchShowsARequestsBodiesMaskedInTheDetailPanel() throws IOException {
        if (browser == null) {
            browser = UiBrowser.startOrSkip();
        }
        browser.driver.get("http://127.0.0.1:" + port + "/health");
        browser.driver.manage().deleteAllCookies();
        browser.severeConsole();
        browser.driver.get(UiBrowser.loginLink(port, HOME));
        browser.await().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
        WebElement box = browser.driver.findElement(By.id("live-bodies"));
        assertThat(box.isSelected()).isFalse();

        // off: a request's detail has no bodies, and the UI never asked for any
        send("claude-browser-off", PROMPT);
        openNewestRow("claude-browser-off");
        assertThat(browser.driver.findElements(By.id("detail-bodies"))).isEmpty();
        assertThat(browser.requestedUrls()).noneMatch(u -> u.contains("/api/requests/"));

        box.click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-bodies-note"), "masked"));
        assertThat(setSwitchState()).isTrue();
        send("claude-browser-on", PROMPT);
        openNewestRow("claude-browser-on");
        WebElement request =
                browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-request-body")));
        assertThat(request.getText()).contains(PROMPT, "***");
        assertThat(browser.driver.findElement(By.id("detail-response-body")).getText())
                .contains(ANSWER_TEXT);
        assertNoSecret(browser.driver.getPageSource());
        browser.driver.executeScript("document.getElementById('live-detail').scrollIntoView()");
        browser.screenshot("live-bodies");

        box.click();
        browser.await().until(d -> !setSwitchState());
        openNewestRow("claude-browser-on");
        assertThat(browser.driver.findElements(By.id("detail-bodies"))).isEmpty();
        assertThat(browser.severeConsole()).isEmpty();
    }

    boolean setSwitchState() {
        return JSON.readTree(admin.get()
                        .uri("/api/ui/bodies")
                        .exchange()
                        .expectBody()
                        .returnResult()
                        .getResponseBodyContent())
                .path("on")
                .asBoolean();
    }

    void openNewestRow(String model) {
        WebElement row = browser.await().until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#live-table tbody tr:first-child"));
            return rows.isEmpty() || !rows.get(0).getText().contains(model) ? null : rows.get(0);
        });
        row.click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("live-detail")));
    }
}
