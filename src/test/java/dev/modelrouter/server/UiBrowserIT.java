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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI in a real headless Chromium against the real daemon and a scripted upstream on loopback.
 * Each test saves a screenshot under {@code target/ui-screenshots/}.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiBrowserIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path HOME = LocalRouter.newHome();
    static final String KEY = "client-key-ui";
    static Path file;
    static UiBrowser browser;

    @LocalServerPort
    int port;

    static String config() {
        return """
                {
                  // UI test config
                  "APIKEY": "%s",
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/v1/messages", "api_key": "sk-up-secret",
                     "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {
                    "default": "p,m1", // the main model
                    "think": "p,m1",
                  },
                }
                """.formatted(KEY, UPSTREAM.url());
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
        UPSTREAM.otherwise(received -> Reply.hi());
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String loginLink() {
        return UiBrowser.loginLink(port, HOME);
    }

    void logIn() {
        browser.driver.get(loginLink());
        browser.await().until(ExpectedConditions.presenceOfElementLocated(By.id("model-default")));
    }

    String routeOfNextRequest() {
        return LocalRouter.route(
                LocalRouter.client(port),
                "/v1/messages",
                "{\"model\":\"claude-x\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-api-key", KEY));
    }

    String pageText() {
        return browser.driver.findElement(By.tagName("body")).getText();
    }

    @Test
    void loginLinkWorksOnceAndWithoutItTheUiAndTheApiAreRefused() {
        browser.driver.get(base() + "/ui/");
        assertThat(pageText()).contains("run `router ui`");
        browser.driver.get(base() + "/api/status");
        assertThat(pageText()).contains("authentication_error").doesNotContain("\"routes\"");

        browser.severeConsole();
        String link = loginLink();
        browser.driver.get(link);
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#providers"), "p"));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(base() + "/ui/");
        Cookie cookie = browser.driver.manage().getCookieNamed(UiSessions.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(browser.driver.executeScript("return document.cookie")).isEqualTo("");
        assertThat(browser.severeConsole()).isEmpty();
        browser.screenshot("login-overview");

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(link);
        assertThat(pageText()).contains("used already or has expired");
        browser.driver.get(base() + "/ui/");
        assertThat(pageText()).contains("run `router ui`");
        browser.screenshot("login-link-spent");
    }

    @Test
    void switchingDefaultInTheOverviewRoutesTheNextRequestThereAndKeepsTheComments() throws Exception {
        logIn();
        assertThat(routeOfNextRequest()).isEqualTo("default p,m1");

        // the overview redraws when the live feed reports the request above, which may replace the
        // controls between finding and clicking them: choose and click again until the switch is done
        browser.await().ignoring(StaleElementReferenceException.class).until(d -> {
            new Select(d.findElement(By.id("model-default"))).selectByValue("p,m2");
            d.findElement(By.id("switch-default")).click();
            return d.findElement(By.id("notice")).getText().contains("default → p,m2");
        });

        assertThat(routeOfNextRequest()).isEqualTo("default p,m2");
        String text = Files.readString(file);
        assertThat(text).contains("\"default\": \"p,m2\", // the main model").contains("// UI test config");
        browser.await()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("tr[data-scenario=default] ol.chain"), "p,m2"));
        assertThat(browser.severeConsole()).isEmpty();
        browser.screenshot("overview-switched");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            browser.screenshot("overview-390px");
        } finally {
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    @Test
    void aRequestShowsUpInTheLiveTableWithinSeconds() {
        logIn();
        browser.await().until(ExpectedConditions.textToBe(By.id("live-state"), "live"));

        routeOfNextRequest();

        WebElement row = browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#live-table tbody tr")));
        assertThat(row.getText())
                .contains("anthropic")
                .contains("default")
                .contains("claude-x")
                .contains("p,m1")
                .contains("200")
                .contains("ok");
        long served = JSON.readTree(LocalRouter.adminClient(port, HOME)
                        .get()
                        .uri("/api/status")
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .path("usage")
                .get(0)
                .path("requests")
                .asLong();
        browser.await()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-provider=p]"), served + " (0 errors)"));
        browser.driver.executeScript("document.getElementById('live').scrollIntoView()");
        browser.screenshot("live-requests");
    }
}
