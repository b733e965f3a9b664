package io.alertrelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * A real headless Chromium (Debian's {@code chromium}) driven through Debian's {@code chromedriver}. Both paths
 * are set explicitly so Selenium Manager never tries to download a browser or a driver (there is no network
 * here, and CI must test the browser .ci/run installed). Missing programs skip loudly, and fail under CI=true.
 */
public final class Chromium implements AutoCloseable {

    /**
     * The longest any one WebDriver command may take. A tab stuck in a script answers nothing, and chromedriver
     * waits for it on every command up to the page-load timeout (5 minutes unless set): with both bounded, a hung
     * wall fails its test with a TimeoutException within a minute instead of stalling the suite. No command of
     * these tests needs more than a few seconds.
     */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    public final ChromeDriver driver;
    private final Path profile;
    /** The browser's main process, if chromedriver told: what a failed quit leaves running is ended through it. */
    private final ProcessHandle browserProcess;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        Object pid = driver.getCapabilities().getCapability("goog:processID");
        this.browserProcess =
                pid instanceof Number n ? ProcessHandle.of(n.longValue()).orElse(null) : null;
    }

    private static Chromium shared;

    /**
     * One browser for the whole test run, for tests that need no fresh profile: each relay listens on its own
     * port, so its storage is a separate origin anyway. Resized to the size asked; quit when the JVM exits.
     * Close it only through the JVM: {@link #close()} on it is ignored. Starting a browser costs seconds.
     */
    public static synchronized Chromium shared(int width, int height) {
        if (shared == null) {
            Chromium c = start(width, height);
            Runtime.getRuntime().addShutdownHook(new Thread(c::quit, "chromium-quit"));
            shared = c;
        }
        shared.resize(width, height);
        shared.driver.get("about:blank");
        shared.consoleErrors(); // what earlier tests left in the log is theirs
        return shared;
    }

    /** Starts a browser with a fresh profile and the given window size. */
    public static Chromium start(int width, int height) {
        Path chromium = ExternalProgram.require("chromium", "chromium");
        Path chromedriver = ExternalProgram.require("chromedriver", "chromium-driver");
        Path profile;
        try {
            profile = Files.createTempDirectory("wall-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
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
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        // console messages, read back by consoleErrors()
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver =
                new ChromeDriver(service, options, ClientConfig.defaultConfig().readTimeout(COMMAND_TIMEOUT));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().timeouts().pageLoadTimeout(COMMAND_TIMEOUT.minusSeconds(5));
        Chromium c = new Chromium(driver, profile);
        c.resize(width, height); // headless ignores --window-size in some versions: set it over WebDriver too
        return c;
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG under target/screenshots/ and returns its path. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".png");
            Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors (and uncaught exceptions) logged since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    public Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    @Override
    public void close() {
        if (this != shared) quit();
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            endBrowserLeftRunning();
            deleteQuietly(profile);
        }
    }

    /**
     * After a tab stuck in a script, chromedriver's quit answers but leaves the browser running (seen with
     * Chromium 156): end what is still there. The handle was taken at start, so a recycled pid is never hit.
     */
    private void endBrowserLeftRunning() {
        if (browserProcess == null) return;
        try {
            browserProcess.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            browserProcess.descendants().forEach(ProcessHandle::destroyForcibly);
            browserProcess.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // onExit does not fail
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
