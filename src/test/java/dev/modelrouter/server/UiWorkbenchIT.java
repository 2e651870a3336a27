package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI's request detail panel and config editor in a real headless Chromium, against the real
 * daemon and a scripted upstream on loopback that plays two providers: {@code p} (under {@code /p/})
 * and {@code q} (under {@code /q/}). Each test saves a screenshot under {@code target/ui-screenshots/}.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiWorkbenchIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static final String KEY = "client-key-workbench";
    static final String SECRET = "sk-literal-upstream-secret";
    static Path file;
    static UiBrowser browser;

    @LocalServerPort
    int port;

    static String config() {
        return """
                {
                  // workbench test config
                  "APIKEY": "%s",
                  "resilience": {"backoff_ms": 10, "max_backoff_ms": 20, "max_attempts": 2},
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/p/v1/messages", "api_key": "%s",
                     "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}},
                    {"name": "q", "api_base_url": "%s/q/v1/messages", "api_key": "$HOME", // any set variable
                     "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {
                    "default": ["p,m1", "q,m1"], // falls back to q
                    "think": "p,m2",
                  },
                }
                """.formatted(KEY, UPSTREAM.url(), SECRET, UPSTREAM.url());
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        file = RouterConfigs.write(config());
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = UiBrowser.startOrSkip();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        UPSTREAM.close();
    }

    @BeforeEach
    void reset() throws Exception {
        browser.reset(port, HOME, file, config());
        UPSTREAM.otherwise(received -> received.uri().startsWith("/q/")
                ? Reply.hi()
                : Reply.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void logIn() {
        browser.driver.get(UiBrowser.loginLink(port, HOME));
        browser.await().until(d -> !editor().getAttribute("value").isEmpty());
    }

    WebElement editor() {
        return browser.driver.findElement(By.id("config-text"));
    }

    /** Replaces the editor's text as a paste would: the value changes and an input event fires. */
    void edit(String from, String to) {
        String now = editor().getAttribute("value");
        assertThat(now).contains(from);
        browser.driver.executeScript(
                "arguments[0].value = arguments[1];"
                        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                editor(),
                now.replace(from, to));
    }

    JsonNode status() {
        return JSON.readTree(LocalRouter.status(LocalRouter.adminClient(port, HOME)));
    }

    static int lineOf(String text, String needle) {
        return text.substring(0, text.indexOf(needle)).split("\n", -1).length;
    }

    @Test
    void aFallbackShowsInTheDetailPanelWithBothTargets() throws Exception {
        logIn();
        browser.await().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));

        String route = LocalRouter.route(
                LocalRouter.client(port),
                "/v1/messages",
                "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-api-key", KEY));
        assertThat(route).isEqualTo("default q,m1");

        WebElement row = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-table tbody tr")));
        assertThat(row.getText()).contains("p,m1 → q,m1").contains("fallback");
        row.click();
        WebElement panel = browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("live-detail")));
        assertThat(browser.driver.findElement(By.id("detail-verdict")).getText())
                .isEqualTo("fallback: p,m1 failed, q,m1 answered");
        assertThat(browser.driver
                        .findElement(By.cssSelector("#detail-targets li[data-target='p,m1']"))
                        .getText())
                .contains("failed");
        assertThat(browser.driver
                        .findElement(By.cssSelector("#detail-targets li[data-target='q,m1']"))
                        .getText())
                .contains("served");
        // two tries on p (max_attempts 2), then one on q
        assertThat(panel.getText()).contains("Attempts\n3").contains("Retries\n1");
        assertThat(browser.driver.findElement(By.id("detail-plan")).getText())
                .contains("default fired — no other rule fired");
        String id = JSON.readTree(LocalRouter.requestLogLine(HOME, "claude-x"))
                .path("id")
                .asString();
        assertThat(browser.driver.findElement(By.id("detail-explain")).getText())
                .isEqualTo("router explain --id " + id);
        assertThat(browser.severeConsole()).isEmpty();
        browser.driver.executeScript("document.getElementById('live-detail').scrollIntoView()");
        browser.screenshot("live-detail-fallback");
    }

    @Test
    void theEditorShowsTheFileWithItsKeysMaskedAndItsReferencesAsWritten() {
        logIn();
        String text = editor().getAttribute("value");
        assertThat(text)
                .contains("// workbench test config")
                .contains("\"api_key\": \"<masked key 2>\"")
                .contains("\"$HOME\"")
                .doesNotContain(SECRET)
                .doesNotContain(KEY);
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET);
    }

    @Test
    void anInvalidValueShowsItsProblemAtItsLineAndCannotBeSaved() throws Exception {
        logIn();
        String before = Files.readString(file);
        edit("\"think\": \"p,m2\"", "\"think\": \"nosuch,m2\"");

        WebElement problem = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#config-problems li")));
        int line = lineOf(editor().getAttribute("value"), "\"think\"");
        assertThat(problem.getText())
                .startsWith("line " + line + ",")
                .contains("$.Router.think")
                .contains("nosuch");
        assertThat(browser.driver
                        .findElement(By.cssSelector("#config-gutter .bad"))
                        .getText())
                .isEqualTo(String.valueOf(line));
        assertThat(browser.driver.findElement(By.id("config-save")).isEnabled()).isFalse();
        browser.driver.findElement(By.id("config-review")).click();
        assertThat(browser.driver.findElement(By.id("config-confirm")).isEnabled())
                .isFalse();
        assertThat(Files.readString(file)).isEqualTo(before);
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("p,m2");
        browser.driver.executeScript("document.getElementById('config').scrollIntoView()");
        browser.screenshot("config-invalid");
    }

    @Test
    void aValidEditIsShownAsADiffThenSavedWithItsKeysAndApplied() throws Exception {
        logIn();
        edit("\"think\": \"p,m2\"", "\"think\": \"q,m2\"");
        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.id("config-save")))
                .click();
        WebElement diff =
                browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("config-diff-text")));
        assertThat(diff.getText()).contains("-     \"think\": \"p,m2\",\n+     \"think\": \"q,m2\",");
        browser.screenshot("config-diff");
        browser.driver.findElement(By.id("config-confirm")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "in force now"));

        String saved = Files.readString(file);
        assertThat(saved).isEqualTo(config().replace("\"think\": \"p,m2\"", "\"think\": \"q,m2\""));
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("q,m2");
        browser.await().until(ExpectedConditions.textToBe(By.id("config-state"), "saved"));
        assertThat(browser.driver.findElements(By.cssSelector("#config-backups tbody tr")))
                .isNotEmpty();
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void restoringABackupPutsThePreviousFileBackInForce() throws Exception {
        LocalRouter.adminClient(port, HOME)
                .put()
                .uri("/api/config")
                .bodyValue(config().replace("\"think\": \"p,m2\"", "\"think\": \"q,m1\""))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("q,m1");
        logIn();

        WebElement newest = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#config-backups tbody tr button[data-backup]")));
        browser.driver.executeScript("document.getElementById('config-backups').scrollIntoView()");
        browser.screenshot("config-backups");
        newest.click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "restored"));

        assertThat(Files.readString(file)).isEqualTo(config());
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("p,m2");
        browser.await().until(d -> editor().getAttribute("value").contains("\"think\": \"p,m2\""));
    }

    @Test
    void aRestoreNamesOnlyAListedBackup() throws Exception {
        String before = Files.readString(file);
        for (String name : new String[] {"..%2F..%2Fetc%2Fpasswd", "config.json.20200101-000000.bak", "x.bak"}) {
            LocalRouter.adminClient(port, HOME)
                    .post()
                    .uri("/api/config/backups/" + name + "/restore")
                    .exchange()
                    .expectStatus()
                    .value(s -> assertThat(s).isIn(400, 404));
        }
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void validatingWritesNothingAndLocatesEachProblem() throws Exception {
        String before = Files.readString(file);
        String bad = config().replace("\"max_attempts\": 2", "\"max_attempts\": 99");
        JsonNode answer = JSON.readTree(LocalRouter.adminClient(port, HOME)
                .post()
                .uri("/api/config/validate")
                .bodyValue(bad)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(answer.path("ok").asBoolean()).isFalse();
        JsonNode problem = answer.path("problems").get(0);
        assertThat(problem.path("path").asString()).startsWith("$.resilience");
        assertThat(problem.path("line").asInt()).isEqualTo(lineOf(bad, "\"resilience\""));
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    static Reply streamed(String... words) {
        java.util.List<String> events = new java.util.ArrayList<>();
        events.add(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"m1\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}}\n\n");
        events.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (String w : words) {
            events.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + w + "\"}}\n\n");
        }
        events.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        events.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":3}}\n\n");
        events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return Reply.sse(events);
    }

    @Test
    void tryItStreamsTheAnswerOfTheChosenTargetWithItsRoute() {
        UPSTREAM.otherwise(
                received -> received.uri().startsWith("/q/") ? streamed("Hello ", "from ", "q") : Reply.hi());
        logIn();
        new org.openqa.selenium.support.ui.Select(browser.await()
                        .until(ExpectedConditions.presenceOfElementLocated(
                                By.cssSelector("#try-model option[value='q,m2']")))
                        .findElement(By.xpath("..")))
                .selectByValue("q,m2");
        browser.driver.findElement(By.id("try-send")).click();

        browser.await().until(ExpectedConditions.textToBe(By.id("try-answer"), "Hello from q"));
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-route"), "total"));
        assertThat(browser.driver.findElement(By.id("try-route")).getText())
                .startsWith("route: explicit q,m2 · first token ");
        assertThat(UPSTREAM.last().uri()).startsWith("/q/");
        assertThat(UPSTREAM.last().bodyText()).contains("\"model\":\"m2\"").contains("\"stream\":true");
        assertThat(browser.severeConsole()).isEmpty();
        browser.driver.executeScript("document.getElementById('try').scrollIntoView()");
        browser.screenshot("try-it");
    }

    @Test
    void testConnectionNamesAWrongKeyAsSuch() {
        UPSTREAM.otherwise(received -> received.uri().startsWith("/p/")
                ? Reply.json(
                        401,
                        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}")
                : Reply.hi());
        logIn();
        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-test=p]")))
                .click();
        WebElement p = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#try-results li[data-provider=p]")));
        assertThat(p.getAttribute("data-failure")).isEqualTo("key");
        assertThat(p.getText()).contains("refused the key").contains("401");
        browser.driver.findElement(By.cssSelector("[data-test=q]")).click();
        WebElement q = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#try-results li[data-provider=q]")));
        assertThat(q.getText()).startsWith("q: connected");
        assertThat(browser.severeConsole()).isEmpty();
        browser.driver.executeScript("document.getElementById('try').scrollIntoView()");
        browser.screenshot("test-connection-wrong-key");
    }
}
