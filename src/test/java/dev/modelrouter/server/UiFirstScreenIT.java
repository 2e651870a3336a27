package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The "first screen in under 300 ms from the daemon on loopback", in a real headless Chromium:
 * the UI marks {@code first-screen} once the overview's routes and provider cards are drawn with the
 * daemon's data, and this test reads that mark's time from navigation start over several loads. The
 * first load after the login is the cold one (daemon's UI code not yet compiled by the JIT, browser
 * cache empty); the loads after a few warm-ups are a user's later visits, and their median is held to
 * the budget. Every sample, with first contentful paint, the navigation's timings and what the page
 * fetched before its first screen, goes to {@code target/ui-first-screen.txt}.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UiFirstScreenIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();
    static final Path HOME = LocalRouter.newHome();
    static final String KEY = "client-key-first-screen";
    static final Path REPORT = Path.of("target", "ui-first-screen.txt");
    static final int WARM_UPS = 3;
    static final int SAMPLES = 9;
    static final double BUDGET_MS = 300;
    static UiBrowser browser;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path file = RouterConfigs.write("""
                {
                  // first-screen test config: two providers, three scenarios
                  "APIKEY": "%s",
                  "Providers": [
                    {"name": "p", "api_base_url": "%s/p/v1/messages", "api_key": "key-p",
                     "models": ["m1", "m2"], "transformer": {"use": ["anthropic"]}},
                    {"name": "q", "api_base_url": "%s/q/v1/messages", "api_key": "key-q",
                     "models": [{"name": "m1", "context": 200000, "max_output": 64000}],
                     "transformer": {"use": ["anthropic"]}},
                  ],
                  "Router": {"default": ["p,m1", "q,m1"], "think": "q,m1", "background": "p,m2"},
                }
                """.formatted(KEY, UPSTREAM.url(), UPSTREAM.url()));
        registry.add(RouterConfiguration.CONFIG_PROPERTY, file::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = UiBrowser.startOrSkip();
        UPSTREAM.otherwise(received -> Reply.hi());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        UPSTREAM.close();
    }

    /** One load's timings, in ms from its navigation start. */
    record Sample(
            double firstScreen,
            double fcp,
            double responseEnd,
            double domContentLoaded,
            double load,
            int requestsBefore,
            long bytesBefore,
            double slowestApiMs,
            String slowestApi) {

        static Sample of(Map<String, Object> m) {
            return new Sample(
                    number(m, "firstScreen"),
                    number(m, "fcp"),
                    number(m, "responseEnd"),
                    number(m, "dcl"),
                    number(m, "load"),
                    (int) number(m, "requests"),
                    (long) number(m, "bytes"),
                    number(m, "apiMs"),
                    String.valueOf(m.get("api")));
        }

        static double number(Map<String, Object> m, String key) {
            return ((Number) m.get(key)).doubleValue();
        }

        String line(String label) {
            return String.format(
                    Locale.ROOT,
                    "%-7s first-screen %6.1f ms  FCP %6.1f ms  html %5.1f ms  DOMContentLoaded %6.1f ms"
                            + "  load %6.1f ms  %2d requests (%6d bytes) before it  slowest API %5.1f ms %s",
                    label,
                    firstScreen,
                    fcp,
                    responseEnd,
                    domContentLoaded,
                    load,
                    requestsBefore,
                    bytesBefore,
                    slowestApiMs,
                    slowestApi);
        }
    }

    // waits for this load's mark, then reads it with the paint, navigation and resource timings
    @SuppressWarnings("unchecked")
    Sample measure() {
        browser.await()
                .until(d ->
                        browser.driver.executeScript("return performance.getEntriesByName('first-screen').length > 0"));
        browser.await().until(d -> browser.driver.executeScript("""
                const n = performance.getEntriesByType('navigation')[0];
                return n && n.loadEventEnd > 0 && performance.getEntriesByName('first-contentful-paint').length > 0;
                """));
        return Sample.of((Map<String, Object>) browser.driver.executeScript("""
                const mark = performance.getEntriesByName('first-screen')[0].startTime;
                const nav = performance.getEntriesByType('navigation')[0];
                const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
                const before = performance.getEntriesByType('resource').filter(r => r.startTime < mark);
                const api = before.filter(r => r.name.includes('/api/'))
                    .map(r => ({ name: new URL(r.name).pathname, ms: r.responseEnd - r.requestStart }))
                    .sort((a, b) => b.ms - a.ms)[0] ?? { name: '-', ms: 0 };
                return { firstScreen: mark, fcp: paint ? paint.startTime : -1, responseEnd: nav.responseEnd,
                         dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                         requests: before.length + 1,
                         bytes: before.reduce((a, r) => a + r.transferSize, nav.transferSize),
                         apiMs: api.ms, api: api.name };
                """));
    }

    @Test
    void theOverviewIsDrawnWithTheDaemonsDataWithin300MillisecondsOfNavigation() throws IOException {
        // the login link's redirect is the cold first load
        browser.driver.get(UiBrowser.loginLink(port, HOME));
        Sample cold = measure();
        for (int i = 0; i < WARM_UPS; i++) {
            browser.driver.get("http://127.0.0.1:" + port + "/ui/");
            measure();
        }
        List<Sample> warm = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            browser.driver.get("http://127.0.0.1:" + port + "/ui/");
            warm.add(measure());
        }
        browser.await()
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#providers [data-provider=q]")));
        assertThat(browser.driver
                        .findElement(By.cssSelector("#routes [data-scenario=default]"))
                        .getText())
                .contains("p,m1", "q,m1");
        browser.screenshot("first-screen");

        double median = warm.stream()
                .mapToDouble(Sample::firstScreen)
                .sorted()
                .skip(SAMPLES / 2)
                .findFirst()
                .orElseThrow();
        List<String> lines = new ArrayList<>();
        lines.add("UI first screen on loopback (ms from navigation start; the overview drawn with the daemon's data)");
        lines.add(cold.line("cold"));
        for (int i = 0; i < warm.size(); i++) {
            lines.add(warm.get(i).line("warm " + (i + 1)));
        }
        lines.add(String.format(
                Locale.ROOT,
                "median of %d warm loads (after %d warm-ups): %.1f ms (budget %.0f ms)",
                SAMPLES,
                WARM_UPS,
                median,
                BUDGET_MS));
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, lines);
        lines.forEach(System.out::println);

        assertThat(browser.severeConsole()).isEmpty();
        assertThat(warm).allSatisfy(s -> assertThat(s.fcp()).isPositive());
        assertThat(median).as("median first screen of the warm loads, ms").isLessThan(BUDGET_MS);
    }
}
