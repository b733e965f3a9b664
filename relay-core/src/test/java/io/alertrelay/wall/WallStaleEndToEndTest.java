package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.config.PluginsConfig;
import io.alertrelay.plugin.TestPluginJar;
import io.alertrelay.plugin.fixtures.TripwireSource;
import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * With the relay's real plugin failure handling: a plugin whose task throws raises RelayPluginFailed on the wall
 * and its alert goes stale (dimmed, "source failed … ago", the reason); a restart that runs it again resolves
 * RelayPluginFailed and undims the alert.
 */
class WallStaleEndToEndTest {

    static final String REQUIRES = ">=1.0.0 & <2.0.0";

    @TempDir
    Path dataDir;

    @Test
    void aFailedPluginShowsRelayPluginFailedAndItsAlertStaleThenBothClearWhenItRunsAgain() throws Exception {
        Path tripwire = dataDir.resolve("tripwire");
        TestPluginJar.write(dataDir.resolve("plugins"), "flaky", REQUIRES, TripwireSource.class);
        JsonNode section = new ObjectMapper().valueToTree(Map.of("taskTripwire", tripwire.toString()));
        try (TestRelay relay = TestRelay.start(
                        dataDir,
                        t -> t.config = c -> c.withPlugins(new PluginsConfig(null, Map.of("flaky", section))));
                Chromium browser = Chromium.shared(1400, 700)) {
            WallPage page = new WallPage(browser, relay.base())
                    .signInByLink(TestRelay.OPERATOR, null)
                    .waitLive();
            String value = WallPage.fingerprint("alertname", "TestValueHigh", "severity", "warning", "thing", "a");
            page.wait(Duration.ofSeconds(20))
                    .until(d -> !d.findElements(By.cssSelector("#wall .card[aria-label*=TestValueHigh]"))
                            .isEmpty());
            Files.writeString(tripwire, "");
            page.wait(Duration.ofSeconds(20))
                    .withMessage("RelayPluginFailed and a stale TestValueHigh")
                    .until(d -> !d.findElements(By.cssSelector("#wall .card.stale[aria-label*=TestValueHigh]"))
                                    .isEmpty()
                            && !d.findElements(By.cssSelector("#wall .card[aria-label*=RelayPluginFailed]"))
                                    .isEmpty());
            WebElement stale = browser.driver.findElement(By.cssSelector("#wall .card.stale"));
            assertThat(stale.findElement(By.cssSelector(".stale-line")).getText())
                    .containsPattern("source failed \\d+s ago")
                    .contains("plugin flaky failed");
            WebElement failed =
                    browser.driver.findElement(By.cssSelector("#wall .card[aria-label*=RelayPluginFailed]"));
            assertThat(failed.getText())
                    .contains("Plugin flaky failed")
                    .contains("plugin flaky")
                    .contains("relay");
            SeleniumFrames.waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-stale-e2e"));

            Files.delete(tripwire);
            assertThat(relay.http("POST", "/api/plugins/flaky/restart", TestRelay.ADMIN, "")
                            .statusCode())
                    .isEqualTo(200);
            page.wait(Duration.ofSeconds(20))
                    .withMessage("the stale mark to come off and RelayPluginFailed to resolve")
                    .until(d -> d.findElements(By.cssSelector("#wall .card.stale"))
                                    .isEmpty()
                            && !d.findElements(By.cssSelector("#wall .card.resolved[aria-label*=RelayPluginFailed]"))
                                    .isEmpty());
            WebElement resolved =
                    browser.driver.findElement(By.cssSelector("#wall .card.resolved[aria-label*=RelayPluginFailed]"));
            assertThat(resolved.getText())
                    .as("the resolved card says so, not its firing text")
                    .contains("Plugin flaky runs again")
                    .doesNotContain("While firing: Plugin flaky failed")
                    .contains("started again");
            SeleniumFrames.waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-stale-e2e-after"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    static final class SeleniumFrames {
        static void waitForFrame(Chromium browser) {
            WallScreenshotsTest.waitForFrame(browser);
        }
    }
}
