package dev.modelrouter.server;

import dev.modelrouter.testing.LocalRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium driven through its chromedriver, for the web UI's tests. Both are named
 * by path, so Selenium never looks for (or downloads) a browser or driver of its own. Runs only where
 * they are installed, except in CI ({@code CI} set), where a missing browser is a failure.
 */
final class UiBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ROUTER_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("ROUTER_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    final ChromeDriver driver;
    private final Path profile;

    UiBrowser() {
        try {
            profile = Files.createTempDirectory("router-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        // the DevTools network events of the page, to see every address it asked for
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    /** A browser for a test class; the class is skipped where {@link #wanted} says no browser is needed. */
    static UiBrowser startOrSkip() {
        Assumptions.assumeTrue(wanted(), "chromium and chromedriver are not installed (CI installs them)");
        return new UiBrowser();
    }

    /**
     * Brings the daemon back to {@code config} ({@code file} rewritten, then reloaded) and the browser to
     * a page of the daemon's own with no cookies and an empty console, for the next test.
     */
    void reset(int port, Path home, Path file, String config) throws IOException {
        Files.writeString(file, config);
        LocalRouter.adminClient(port, home)
                .post()
                .uri("/api/reload")
                .exchange()
                .expectStatus()
                .isOk();
        driver.get("http://127.0.0.1:" + port + "/health");
        driver.manage().deleteAllCookies();
        severeConsole();
    }

    /** A one-time login link from the daemon's admin API. */
    static String loginLink(int port, Path home) {
        String body = LocalRouter.adminClient(port, home)
                .post()
                .uri("/api/ui/login-link")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        return JsonMapper.builder().build().readTree(body).path("url").asString();
    }

    /** Whether the tests should run: the browser is installed, or this is CI, where they must. */
    static boolean wanted() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String ci = System.getenv("CI");
        return installed || (ci != null && !ci.isBlank()) || dev.modelrouter.testing.Prerequisites.required();
    }

    WebDriverWait await() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /**
     * What pages said on the browser's console at level SEVERE (script errors, CSP violations, failed
     * loads) since the last call, but the browser's own look for {@code /favicon.ico} on pages outside
     * the UI, which the daemon refuses without the APIKEY.
     */
    java.util.List<String> severeConsole() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(Object::toString)
                .filter(line -> !line.contains("/favicon.ico "))
                .toList();
    }

    /**
     * The URLs the page asked for since the last call, from the DevTools {@code Network.requestWillBeSent}
     * events in the performance log: what the browser really sent, scripts, styles, fetches and the
     * event stream included.
     */
    java.util.List<String> requestedUrls() {
        tools.jackson.databind.json.JsonMapper json =
                tools.jackson.databind.json.JsonMapper.builder().build();
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(e -> json.readTree(e.getMessage()).path("message"))
                .filter(m -> m.path("method").asString("").equals("Network.requestWillBeSent"))
                .map(m -> m.path("params").path("request").path("url").asString(""))
                .toList();
    }

    /** Saves the window as {@code target/ui-screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
