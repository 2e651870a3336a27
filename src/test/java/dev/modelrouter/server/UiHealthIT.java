package dev.modelrouter.server;

import static dev.modelrouter.testing.AnthropicSse.START;
import static dev.modelrouter.testing.AnthropicSse.TAIL;
import static dev.modelrouter.testing.AnthropicSse.TEXT_START;
import static dev.modelrouter.testing.AnthropicSse.textDelta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI's overview health, live badges and sessions view in a real headless Chromium, against
 * the real daemon and a scripted upstream on loopback playing two providers: {@code p} (two keys,
 * under {@code /p/}) and {@code q} (under {@code /q/}). Also what the browser asks for (loopback
 * only), how fast the first screen paints, the keyboard, a phone's width and both colour schemes.
 * Screenshots land in {@code target/ui-screenshots/}.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiHealthIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static final Path CLAUDE = temp("claude-projects");
    static final String KEY = "client-key-health";
    static final String SECRET_ONE = "sk-upstream-key-one-4711";
    static final String SECRET_TWO = "sk-upstream-key-two-4712";
    static final String SESSION = "6f1c2a9e-2b7d-4c1e-9a51-0d3e8b7f4c21";
    static final String PROJECT = "-work-demo-project";
    static final String PROMPT = "a prompt the UI must never show";
    static Path file;
    static UiBrowser browser;

    @LocalServerPort
    int port;

    static String config() {
        return """
                {
                  // health test config
                  "APIKEY": "%s",
                  "resilience": {"backoff_ms": 10, "max_backoff_ms": 20, "max_attempts": 1},
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/p/v1/messages", "api_key": "key-p",
                     "models": ["m1"], "transformer": {"use": ["anthropic"]}},
                    {"name": "r", "api_base_url": "%s/r/v1/messages", "api_key": ["%s", "%s"],
                     "models": ["m1"], "transformer": {"use": ["anthropic"]},
                     "resilience": {"breaker_window": 2, "breaker_min_calls": 2, "breaker_open_ms": 600000}},
                    {"name": "q", "api_base_url": "%s/q/v1/messages", "api_key": "key-q",
                     "models": [{"name": "m1", "context": 200000, "max_output": 64000}, "m2"],
                     "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {"default": ["p,m1", "q,m1"], "think": ["r,m1", "q,m1"]},
                }
                """.formatted(KEY, UPSTREAM.url(), UPSTREAM.url(), SECRET_ONE, SECRET_TWO, UPSTREAM.url());
    }

    static Path temp(String name) {
        try {
            return Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        file = RouterConfigs.write(config());
        // a Claude Code project holding the session's transcript, with routes of its own here
        Files.createDirectories(CLAUDE.resolve(PROJECT));
        Files.writeString(CLAUDE.resolve(PROJECT).resolve(SESSION + ".jsonl"), "{}\n");
        Files.createDirectories(HOME.resolve(PROJECT));
        Files.writeString(HOME.resolve(PROJECT).resolve("config.json"), "{\"Router\": {\"default\": \"q,m2\"}}");
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
        registry.add(RouterConfiguration.CLAUDE_PROJECTS_PROPERTY, CLAUDE::toString);
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
    void reset() {
        UPSTREAM.otherwise(received -> Reply.hi());
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        browser.driver.get(base() + "/health");
        browser.driver.manage().deleteAllCookies();
        browser.severeConsole();
        browser.requestedUrls();
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
        browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#providers [data-provider=q]")));
        browser.await().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));
    }

    String request(boolean stream, String extra) {
        return LocalRouter.route(
                LocalRouter.client(port),
                "/v1/messages",
                "{\"model\":\"claude-x\",\"max_tokens\":5,\"stream\":" + stream + extra
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}",
                Map.of("x-api-key", KEY));
    }

    static final String THINKING = ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}";

    /** The newest live row, once it shows {@code text}, within one second of the answer's end. */
    WebElement newestRowWithin1s(String text) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(1)).until(d -> {
            WebElement row = d.findElement(By.cssSelector("#live-table tbody tr:first-child"));
            return row.getText().contains(text) ? row : null;
        });
    }

    @Test
    void aMidStreamContinuationAndAFallbackShowAsSuchInTheLiveTableWithinASecond() {
        logIn();
        // p breaks off after "Hello wor" (no message_stop); q continues the same answer
        List<String> continuation = new ArrayList<>(List.of(START, TEXT_START, textDelta("ld!")));
        continuation.addAll(TAIL);
        UPSTREAM.otherwise(r -> r.uri().startsWith("/p/")
                ? Reply.sse(List.of(START, TEXT_START, textDelta("Hello wor")))
                : Reply.sse(continuation));
        assertThat(request(true, "")).isEqualTo("default p,m1");

        WebElement continued = newestRowWithin1s("continued by q,m1");
        assertThat(continued.getAttribute("data-continued")).isEqualTo("true");
        assertThat(continued.getAttribute("data-fallback")).isEqualTo("false");
        continued.click();
        assertThat(browser.driver.findElement(By.id("detail-verdict")).getText())
                .isEqualTo("continued: p,m1 broke off mid-stream, q,m1 continued the answer");
        assertThat(browser.driver
                        .findElement(By.cssSelector("#detail-targets li[data-target='q,m1']"))
                        .getText())
                .contains("continued");
        assertThat(browser.driver.findElement(By.id("live-detail")).getText()).contains("Continuation\nyes, by q,m1");
        browser.screenshot("live-continuation");

        UPSTREAM.otherwise(r -> r.uri().startsWith("/p/")
                ? Reply.json(500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}")
                : Reply.hi());
        assertThat(request(false, "")).isEqualTo("default q,m1");
        WebElement fellBack = newestRowWithin1s("fallback");
        assertThat(fellBack.getAttribute("data-fallback")).isEqualTo("true");
        assertThat(fellBack.getText()).contains("p,m1 → q,m1").doesNotContain("continued");

        // the filter finds each kind by its badge
        browser.driver.findElement(By.id("live-filter")).sendKeys("continued");
        assertThat(browser.driver.findElements(By.cssSelector("#live-table tbody tr:not([hidden])")))
                .allMatch(tr -> "true".equals(tr.getAttribute("data-continued")))
                .isNotEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain(PROMPT).doesNotContain(SECRET_ONE);
        assertThat(browser.severeConsole()).isEmpty();
        browser.screenshot("live-fallback-and-continuation");
    }

    @Test
    void theOverviewShowsARestingKeyAndAnOpenCircuitAfterA429AndA500() {
        logIn();
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        // r's first call is refused with a 429 (its key rests), its second fails with a 500: two failures open r's
        // circuit
        UPSTREAM.otherwise(r -> !r.uri().startsWith("/r/")
                ? Reply.hi()
                : calls.getAndIncrement() == 0
                        ? Reply.json(
                                429,
                                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down "
                                        + SECRET_ONE + "\"}}")
                        : Reply.json(
                                500, "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));
        assertThat(request(false, THINKING)).isEqualTo("think q,m1");
        assertThat(request(false, THINKING)).isEqualTo("think q,m1");

        // the overview redraws its cards as figures arrive: each read looks the card up afresh
        String open = "#providers [data-provider=r][data-state=open]";
        String text = browser.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector(open)).getText());
        assertThat(text)
                .containsPattern("resting: key [12] until \\d\\d:\\d\\d:\\d\\d")
                .contains("m1: open")
                .contains("Failed calls\n2\n")
                .doesNotContain(SECRET_ONE)
                .doesNotContain(SECRET_TWO);
        assertThat(browser.driver.findElements(By.cssSelector(open + " svg.chart rect.errors")))
                .isNotEmpty();
        String healthy = browser.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElement(By.cssSelector("#providers [data-provider=q]"))
                        .getText());
        assertThat(healthy).contains("(0 errors)").contains("m1: closed");
        assertThat(browser.driver.findElements(By.cssSelector("#providers [data-provider=q] svg.chart rect.tokens-in")))
                .isNotEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain(SECRET_ONE).doesNotContain(SECRET_TWO);
        assertThat(browser.severeConsole()).isEmpty();
        browser.screenshot("overview-health");
    }

    @Test
    void theRouteChainsAndProviderCardsShowEachModelsContextAndOutputLimits() {
        logIn();
        WebElement inChain = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#routes tr[data-scenario=default] li[data-target='q,m1'] .limits")));
        assertThat(inChain.getText()).isEqualTo("· 200k context · 64k out");
        assertThat(inChain.getAttribute("title")).isEqualTo("limits from config");
        String models = browser.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    String text = d.findElement(By.cssSelector("#providers [data-provider=q] dd[data-field=models]"))
                            .getText();
                    return text.contains("200k") ? text : null;
                });
        assertThat(models).isEqualTo("m1: 200k context · 64k out (config) · m2: limits unknown");
        assertThat(browser.severeConsole()).isEmpty();
        browser.screenshot("overview-limits");
    }

    @Test
    void theSessionsViewListsAClaudeCodeSessionWithItsProjectAndRouteFile() {
        logIn();
        String metadata = ",\"metadata\":{\"user_id\":\"user_abc_account__session_" + SESSION + "\"}";
        // the project's routes send the session to q,m2
        assertThat(request(false, metadata)).isEqualTo("default q,m2");
        assertThat(request(false, metadata)).isEqualTo("default q,m2");

        By session = By.cssSelector("#sessions-table tr[data-session='" + SESSION + "']");
        // both requests' tokens (5 in, 2 out each): the row is redrawn after each
        String row = browser.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> d.findElements(session).stream()
                        .map(WebElement::getText)
                        .filter(t -> t.contains("10 / 4"))
                        .findFirst()
                        .orElse(null));
        assertThat(row)
                .contains(PROJECT)
                .contains("q,m2")
                .contains(" 2 10 / 4 ")
                .contains(HOME.resolve(PROJECT).resolve("config.json").toString());
        // the live table names each request's session and, once the sessions view knows it, its project
        String cell = browser.await()
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    String text = d.findElement(By.cssSelector(
                                    "#live-table tbody tr:first-child td[data-session='" + SESSION + "']"))
                            .getText();
                    return text.contains(PROJECT) ? text : null;
                });
        assertThat(cell).isEqualTo("6f1c2a9e…4c21 · " + PROJECT);
        assertThat(browser.severeConsole()).isEmpty();
        browser.driver.executeScript("document.getElementById('sessions').scrollIntoView()");
        browser.screenshot("sessions");
    }

    @Test
    void thePageAsksOnlyLoopbackAddressesAndPaintsItsFirstScreenQuickly() {
        logIn();
        request(false, "");
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-table tbody tr")));
        browser.driver.navigate().refresh();
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#routes tbody tr")));
        browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#providers [data-provider=p]")));

        List<String> urls = browser.requestedUrls();
        assertThat(urls)
                .as("the page's requests")
                .isNotEmpty()
                .anyMatch(u -> u.endsWith("/ui/app.js"))
                .anyMatch(u -> u.endsWith("/api/events"))
                .allSatisfy(u -> assertThat(
                                u.startsWith("data:") || URI.create(u).getHost().equals("127.0.0.1"))
                        .as("loopback only: %s", u)
                        .isTrue());
        // a request the Content-Security-Policy blocks before it leaves shows here instead
        assertThat(browser.severeConsole()).isEmpty();

        @SuppressWarnings("unchecked")
        Map<String, Object> timing = (Map<String, Object>) browser.driver.executeScript("""
                const nav = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByName('first-contentful-paint')[0];
                const data = performance.getEntriesByType('resource')
                    .filter(r => /\\/api\\/(status|health)$/.test(r.name)).map(r => r.responseEnd);
                return {fcp: paint ? paint.startTime : -1, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                        data: data.length ? Math.max(...data) : -1};
                """);
        double fcp = ((Number) timing.get("fcp")).doubleValue();
        System.out.printf(
                "UI first screen on loopback: first contentful paint %.0f ms, DOMContentLoaded %.0f ms,"
                        + " load %.0f ms, status and health in %.0f ms%n",
                fcp,
                ((Number) timing.get("dcl")).doubleValue(),
                ((Number) timing.get("load")).doubleValue(),
                ((Number) timing.get("data")).doubleValue());
        // the budget is 300 ms; a loose bound keeps a busy shared machine from failing the build
        assertThat(fcp).isBetween(0.0, 3000.0);
    }

    @Test
    void theKeyboardReachesTheSectionsAndEnterOpensARequest() {
        // logged in, a fresh load: the first Tab starts at the top of the document
        logIn();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            WebElement focused = browser.driver.switchTo().activeElement();
            order.add(focused.getTagName() + ":"
                    + (focused.getText().isBlank() ? focused.getAttribute("id") : focused.getText()));
        }
        assertThat(order)
                .startsWith("a:Skip to content", "a:Overview", "a:Live requests", "a:Sessions", "a:Try it", "a:Config");
        assertThat(order.get(6)).startsWith("select:");
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("model-default");

        request(false, "");
        WebElement row = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-table tbody tr")));
        browser.driver.executeScript("arguments[0].focus()", row);
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("live-detail")));
        assertThat(browser.driver.switchTo().activeElement().getAttribute("id")).isEqualTo("live-detail");
        browser.screenshot("keyboard-detail");
    }

    @Test
    void aPhoneWidthScrollsNoPageSidewaysAndBothColourSchemesFollowTheSystem() {
        logIn();
        browser.driver.manage().window().setSize(new Dimension(390, 844));
        browser.await()
                .until(d -> ((Number) browser.driver.executeScript("return window.innerWidth")).intValue() <= 400);
        assertThat(((Number) browser.driver.executeScript(
                                "return document.documentElement.scrollWidth - window.innerWidth"))
                        .intValue())
                .as("no sideways scroll of the page at 390 px")
                .isLessThanOrEqualTo(0);
        browser.screenshot("phone-390");

        browser.driver.manage().window().setSize(new Dimension(1280, 900));
        browser.driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        assertThat(background()).isEqualTo("rgb(15, 19, 24)");
        browser.screenshot("overview-dark");
        browser.driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        assertThat(background()).isEqualTo("rgb(255, 255, 255)");
        browser.screenshot("overview-light");
    }

    String background() {
        return (String) browser.driver.executeScript("return getComputedStyle(document.body).backgroundColor");
    }
}
