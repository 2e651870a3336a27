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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config editor's forms view in a real headless Chromium, against the real daemon and a scripted
 * upstream on loopback: forms and raw text are one document, a form edit is validated by the daemon and
 * shown at its field, and saving goes through the raw editor's diff, atomic write and backup. Each test
 * saves a screenshot under {@code target/ui-screenshots/}.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiConfigFormsIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static final String KEY = "client-key-forms";
    static final String SECRET = "sk-literal-forms-secret";
    static Path file;
    static UiBrowser browser;

    @LocalServerPort
    int port;

    static String config() {
        return """
                {
                  // forms test config
                  "APIKEY": "%s",
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
                  "StatusLine": {"enabled": false, "currentStyle": "default",
                    "default": {"modules": [{"type": "script", "scriptPath": "status.js"}]}},
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
        Assumptions.assumeTrue(UiBrowser.wanted(), "chromium and chromedriver are not installed (CI installs them)");
        browser = new UiBrowser();
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
        Files.writeString(file, config());
        LocalRouter.adminClient(port, HOME)
                .post()
                .uri("/api/reload")
                .exchange()
                .expectStatus()
                .isOk();
        UPSTREAM.otherwise(received -> Reply.hi());
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
        browser.driver.get(base() + "/health");
        browser.driver.manage().deleteAllCookies();
        browser.severeConsole();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void logIn() {
        String body = LocalRouter.adminClient(port, HOME)
                .post()
                .uri("/api/ui/login-link")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        browser.driver.get(JSON.readTree(body).path("url").asString());
        browser.await().until(d -> !raw().getAttribute("value").isEmpty());
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#config-forms .provider")));
    }

    WebElement raw() {
        return browser.driver.findElement(By.id("config-text"));
    }

    WebElement field(String path) {
        return browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#config-forms :is(input, select)[data-path=\"" + path + "\"]")));
    }

    /** Types into a form field as a user would, key by key, replacing what it held. */
    void type(String path, String text) {
        field(path).sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
    }

    void scrollTo(String id) {
        browser.driver.executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    JsonNode status() {
        return JSON.readTree(LocalRouter.status(LocalRouter.adminClient(port, HOME)));
    }

    @Test
    void aProviderEditedInTheFormFollowsInTheRawViewAndIsSavedAndApplied() throws Exception {
        logIn();
        browser.driver
                .findElement(By.cssSelector("[data-add=\"$.Providers[1].models\"]"))
                .sendKeys("m3", Keys.ENTER);
        browser.await()
                .until(d ->
                        raw().getAttribute("value").contains("\"models\": [\"m1\", \"m2\", \"m3\"], \"transformer\""));
        new Select(field("$.Router.think")).selectByValue("q,m3");
        browser.await().until(d -> raw().getAttribute("value").contains("\"think\": \"q,m3\","));
        assertThat(raw().getAttribute("value")).contains("// forms test config").contains("// falls back to q");

        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.id("config-save")))
                .click();
        WebElement diff =
                browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("config-diff-text")));
        assertThat(diff.getText()).contains("-     \"think\": \"p,m2\",\n+     \"think\": \"q,m3\",");
        browser.screenshot("config-forms-diff");
        browser.driver.findElement(By.id("config-confirm")).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "in force now"));

        String expected = config().replace("\"think\": \"p,m2\"", "\"think\": \"q,m3\"")
                .replace(
                        "\"api_key\": \"$HOME\", // any set variable\n     \"models\": [\"m1\", \"m2\"]",
                        "\"api_key\": \"$HOME\", // any set variable\n     \"models\": [\"m1\", \"m2\", \"m3\"]");
        assertThat(expected).isNotEqualTo(config()).contains("\"m3\"");
        assertThat(Files.readString(file)).isEqualTo(expected);
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("q,m3");
        String route = LocalRouter.route(
                LocalRouter.client(port),
                "/v1/messages",
                "{\"model\":\"claude-x\",\"max_tokens\":5,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-api-key", KEY));
        assertThat(route).isEqualTo("think q,m3");
        browser.await().until(ExpectedConditions.textToBe(By.id("config-state"), "saved"));
        assertThat(browser.severeConsole()).isEmpty();
        scrollTo("config");
        browser.screenshot("config-forms-saved");
    }

    @Test
    void saveWaitsForTheCheckOfTheLatestEditNotOneStillInFlight() throws Exception {
        logIn();
        // the page holds every validation until the test releases it, and counts those sent and answered
        browser.driver.executeScript("""
                window.sent = 0; window.answered = 0; window.held = []; window.enabledTooSoon = false;
                const save = document.getElementById('config-save');
                new MutationObserver(() => { if (!save.disabled && window.answered < 2) window.enabledTooSoon = true; })
                    .observe(save, { attributes: true, attributeFilter: ['disabled'] });
                window.release = () => window.held.shift()();
                const plain = window.fetch;
                window.fetch = (url, options) => {
                  if (!String(url).includes('/api/config/validate')) return plain(url, options);
                  window.sent++;
                  return new Promise(r => window.held.push(r)).then(() => plain(url, options))
                      .finally(() => { window.answered++; });
                };
                """);
        new Select(field("$.Router.think")).selectByValue("q,m2");
        browser.await().until(d -> count("sent") == 1);
        // a second edit while the first one's check is in flight, which answers before the second is sent
        new Select(field("$.Router.think")).selectByValue("q,m1");
        browser.driver.executeScript("window.release();");
        browser.await().until(d -> count("sent") == 2);
        browser.driver.executeScript("window.release();");
        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.id("config-save")))
                .click();
        assertThat((Boolean) browser.driver.executeScript("return window.enabledTooSoon;"))
                .as("Save was enabled by the first check's verdict, on a text that was gone")
                .isFalse();
        WebElement diff =
                browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("config-diff-text")));
        assertThat(diff.getText()).contains("+     \"think\": \"q,m1\",");
        assertThat(browser.severeConsole()).isEmpty();
    }

    long count(String counter) {
        return ((Number) browser.driver.executeScript("return window." + counter + ";")).longValue();
    }

    @Test
    void anInvalidValueTypedInAFormIsShownAtItsFieldAndNeverWritten() throws Exception {
        logIn();
        byte[] before = Files.readAllBytes(file);
        type("$.Providers[0].api_base_url", "not a url");
        browser.await().until(d -> raw().getAttribute("value").contains("\"api_base_url\": \"not a url\""));

        WebElement problem = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
                        "#config-forms .field-problem[data-problem-path=\"$.Providers[0].api_base_url\"]")));
        assertThat(problem.getText()).contains("absolute http(s) URL");
        WebElement url = field("$.Providers[0].api_base_url");
        assertThat(url.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(url.getAttribute("aria-describedby")).isEqualTo(problem.getAttribute("id"));
        assertThat(url.getAttribute("value")).isEqualTo("not a url");
        assertThat(browser.driver.findElement(By.id("config-save")).isEnabled()).isFalse();
        browser.driver.findElement(By.id("config-review")).click();
        assertThat(browser.driver.findElement(By.id("config-confirm")).isEnabled())
                .isFalse();
        browser.driver.findElement(By.id("config-confirm")).click();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("p,m2");
        scrollTo("config");
        browser.screenshot("config-forms-invalid");
    }

    @Test
    void keysShowAsReferencesWithWhetherTheVariableIsSetAndNeverTheirValue() {
        logIn();
        WebElement literal = field("$.Providers[0].api_key");
        assertThat(literal.getAttribute("value")).isEqualTo("<masked key 2>");
        assertThat(literal.getAttribute("readonly")).isNotNull();
        browser.await().until(ExpectedConditions.textToBe(By.cssSelector("[data-variable=HOME]"), "set"));

        type("$.Providers[1].api_key", "$ROUTER_FORMS_TEST_UNSET");
        browser.await()
                .until(ExpectedConditions.textToBe(
                        By.cssSelector("[data-variable=ROUTER_FORMS_TEST_UNSET]"), "not set"));
        assertThat(raw().getAttribute("value"))
                .contains("\"api_key\": \"$ROUTER_FORMS_TEST_UNSET\", // any set variable");
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET).doesNotContain(System.getenv("HOME") + "\"");
    }

    @Test
    void aKeyAddedBesideAHiddenLiteralKeyIsSavedWithTheLiteralKeptAsWritten() throws Exception {
        logIn();
        browser.driver
                .findElement(By.cssSelector("[data-key=\"$.Providers[0].api_key#add\"]"))
                .click();
        browser.await()
                .until(d -> raw().getAttribute("value").contains("\"api_key\": [\"<masked key 2>\", \"$P_API_KEY\"]"));
        browser.await().until(ExpectedConditions.textToBe(By.cssSelector("[data-variable=P_API_KEY]"), "not set"));
        assertThat(field("$.Providers[0].api_key[0]").getAttribute("readonly")).isNotNull();

        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.id("config-save")))
                .click();
        browser.await()
                .until(ExpectedConditions.elementToBeClickable(By.id("config-confirm")))
                .click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "in force now"));
        assertThat(Files.readString(file))
                .isEqualTo(config().replace(
                                "\"api_key\": \"" + SECRET + "\"",
                                "\"api_key\": [\"" + SECRET + "\", \"$P_API_KEY\"]"));
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET);
    }

    @Test
    void theRawViewDrivesTheFormsAndAModelObjectKeepsItsFieldsWhenRenamed() {
        logIn();
        String now = raw().getAttribute("value");
        String edited = now.replace("\"think\": \"p,m2\"", "\"think\": \"q,m1\"")
                .replace(
                        "\"models\": [\"m1\", \"m2\"], \"transformer\": {\"use\": [\"anthropic\"]}},\n    {\"name\": \"q\"",
                        "\"models\": [\"m1\", {\"name\": \"m2\", \"context\": 128000, \"max_output\": 8192}],"
                                + " \"transformer\": {\"use\": [\"anthropic\"]}},\n    {\"name\": \"q\"");
        assertThat(edited).contains("128000");
        setRaw(edited);

        browser.await()
                .until(d -> new Select(field("$.Router.think"))
                        .getFirstSelectedOption()
                        .getText()
                        .equals("q,m1"));
        WebElement model = field("$.Providers[0].models[1].name");
        assertThat(model.getAttribute("value")).isEqualTo("m2");
        assertThat(model.findElement(By.xpath("..")).getText())
                .contains("context 128000")
                .contains("max_output 8192");
        type("$.Providers[0].models[1].name", "m9");
        browser.await()
                .until(d -> raw().getAttribute("value")
                        .contains("{\"name\": \"m9\", \"context\": 128000, \"max_output\": 8192}"));

        browser.driver
                .findElement(By.cssSelector("[data-key=\"$.Providers[1].transformer.use[0]#options\"]"))
                .sendKeys("{\"max_tokens\": 16384}");
        browser.await()
                .until(d -> raw().getAttribute("value")
                        .contains("\"transformer\": {\"use\": [[\"anthropic\", {\"max_tokens\": 16384}]]}"));
        assertThat(browser.driver.findElements(By.cssSelector(".options-problem")))
                .isEmpty();
    }

    @Test
    void rawTextTheFormsCannotReadTurnsThemOffUntilItParsesAgain() {
        logIn();
        String now = raw().getAttribute("value");
        setRaw(now.replace("\"Router\": {", "\"Router\": {{"));
        WebElement off = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#config-forms .forms-off")));
        assertThat(off.getText()).contains("not valid JSON5");
        assertThat(browser.driver.findElements(By.cssSelector("#config-forms .provider")))
                .isEmpty();
        browser.driver.findElement(By.id("config-revert")).click();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#config-forms .provider")));
    }

    /** Each form edit is a splice of the text: [edit, path, value, text before, text after]. */
    @Test
    void formEditsSpliceOnlyTheChangedValueOfTheText() {
        logIn();
        String[][] cases = {
            {"setValue", "[\"a\"]", "2", "{\"a\": 1, // one\n \"b\": 'x'}", "{\"a\": 2, // one\n \"b\": 'x'}"},
            {"setValue", "[\"r\",\"k\"]", "3", "{\"a\": 1 /* c */}", "{\"a\": 1, \"r\": {\"k\": 3} /* c */}"},
            {"setValue", "[\"k\"]", "true", "{}", "{\"k\": true}"},
            {"append", "[\"m\"]", "\"z\"", "{m: ['x', 'y'],}", "{m: ['x', 'y', \"z\"],}"},
            {"remove", "[\"m\",1]", "null", "{m: ['x', 'y']}", "{m: ['x']}"},
            {"remove", "[\"m\",0]", "null", "{m: ['x', 'y']}", "{m: ['y']}"},
            {
                "remove",
                "[\"b\"]",
                "null",
                "{\n  \"a\": 1, // keep\n  \"b\": 2, // goes\n  \"c\": 3\n}",
                "{\n  \"a\": 1, // keep\n  \"c\": 3\n}"
            },
            {"move", "[\"d\"]", "null", "{\"d\": [\"p,m1\", /* c */ \"q,m1\"]}", "{\"d\": [\"q,m1\", /* c */ \"p,m1\"]}"
            },
        };
        String script = "const [edit, path, value, text, done] = arguments;"
                + " import('/ui/json5.js').then(m => { const p = JSON.parse(path), v = JSON.parse(value);"
                + " done(edit === 'remove' ? m.remove(text, p) : edit === 'move' ? m.move(text, p, 0, 1) : m[edit](text, p, v));"
                + " }).catch(e => done('failed: ' + e.message));";
        for (String[] c : cases) {
            Object out = browser.driver.executeAsyncScript(script, c[0], c[1], c[2], c[3]);
            assertThat(out).as(c[0] + " " + c[1] + " on " + c[3]).isEqualTo(c[4]);
        }
    }

    void setRaw(String text) {
        browser.driver.executeScript(
                "arguments[0].value = arguments[1];"
                        + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
                raw(),
                text);
    }

    @Test
    void aPathThatRunsAFileIsShownButCannotBeEdited() {
        logIn();
        WebElement script = field("$.StatusLine.default.modules[0].scriptPath");
        assertThat(script.getAttribute("value")).isEqualTo("status.js");
        assertThat(script.getAttribute("readonly")).isNotNull();
        String before = raw().getAttribute("value");
        script.sendKeys("x");
        assertThat(raw().getAttribute("value")).isEqualTo(before);
        assertThat(browser.driver.findElements(
                        By.cssSelector("[data-path=\"$.StatusLine.default.modules[0].scriptPath\"]")))
                .hasSize(2);
    }

    @Test
    void restoringABackupFromTheUiPutsItBackInForceAndTheFormsFollow() throws Exception {
        LocalRouter.adminClient(port, HOME)
                .put()
                .uri("/api/config")
                .bodyValue(config().replace("\"think\": \"p,m2\"", "\"think\": \"q,m1\""))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("q,m1");
        logIn();
        assertThat(new Select(field("$.Router.think")).getFirstSelectedOption().getText())
                .isEqualTo("q,m1");

        WebElement newest = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#config-backups tbody tr button[data-backup]")));
        newest.click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "restored"));

        assertThat(Files.readString(file)).isEqualTo(config());
        assertThat(status().path("routes").path("think").get(0).asString()).isEqualTo("p,m2");
        browser.await()
                .until(d -> new Select(field("$.Router.think"))
                        .getFirstSelectedOption()
                        .getText()
                        .equals("p,m2"));
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    void theFormsAreUsableAtPhoneWidth() {
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        logIn();
        Object overflow = browser.driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(((Number) overflow).intValue()).isLessThanOrEqualTo(0);
        scrollTo("config-forms");
        browser.screenshot("config-forms-390");
        browser.driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            browser.screenshot("config-forms-390-dark");
        } finally {
            browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", java.util.List.of()));
        }
    }
}
