package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Screenshots of a wall with realistic alerts, under target/screenshots/: wall mode (dark, large type),
 * the desk view in the light theme grouped by instance, the table view, and a phone. A person looks at
 * these (docs/img/ holds copies for the docs); the test checks only that each view rendered.
 */
class WallScreenshotsTest {

    @TempDir
    Path dataDir;

    static String alert(String name, String severity, String instance, String summary, int minutesAgo, String... extra) {
        StringBuilder labels = new StringBuilder("\"alertname\":\"" + name + "\",\"severity\":\"" + severity
                + "\",\"instance\":\"" + instance + "\"");
        for (int i = 0; i + 1 < extra.length; i += 2) labels.append(",\"").append(extra[i]).append("\":\"").append(extra[i + 1]).append('"');
        return "{\"labels\":{" + labels + "},\"annotations\":{\"summary\":\"" + summary + "\"},\"startsAt\":\""
                + Instant.now().minus(minutesAgo, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    static void seed(TestRelay relay) {
        StringJoiner all = new StringJoiner(",", "[", "]");
        all.add(alert("HostOutOfDiskSpace", "critical", "vps-01", "Disk / is 96% full (4.1 GB left)", 12, "mountpoint", "/", "job", "node"));
        all.add(alert("NodeDown", "critical", "vps-07", "vps-07 has not answered for 3 minutes", 3, "job", "node"));
        all.add(alert("HttpErrorRate", "error", "api-2", "5xx rate 7.4% over 5m on /checkout", 26, "job", "api", "env", "prod"));
        all.add(alert("BackupFailed", "error", "vps-03", "Nightly backup exited with code 2", 340, "job", "backup"));
        all.add(alert("HostHighCpuLoad", "warning", "vps-02", "Load 11.8 on 4 cores for 10 minutes", 18, "job", "node"));
        all.add(alert("HostOutOfMemory", "warning", "vps-05", "Memory available 6% (480 MB)", 44, "job", "node"));
        all.add(alert("SshBruteForce", "warning", "vps-01", "41 failed logins from 203.0.113.9 in 1m", 7, "service", "sshd"));
        all.add(alert("CertificateExpiresSoon", "info", "www", "TLS certificate for shop.example.com expires in 9 days", 1500, "job", "blackbox"));
        all.add(alert("PackageUpdatesPending", "info", "vps-04", "23 security updates pending", 2900, "job", "node"));
        all.add(alert("DiskWillFillIn4h", "warning", "vps-06", "/var fills in about 4 hours at this rate", 2, "job", "node"));
        relay.push(all.toString());
        String fp = WallPage.fingerprint("alertname", "HttpErrorRate", "severity", "error", "instance", "api-2", "job", "api", "env", "prod");
        relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"rolling back release 2026.11.3\"}");
        String disk = WallPage.fingerprint("alertname", "HostOutOfDiskSpace", "severity", "critical", "instance", "vps-01",
                "mountpoint", "/", "job", "node");
        relay.http("POST", "/api/alerts/" + disk + "/ack", TestRelay.OPERATOR, "{\"comment\":\"cleaning /var/log\"}");
        relay.http("POST", "/api/silences", TestRelay.OPERATOR, "{\"matchers\":[\"alertname=PackageUpdatesPending\"],\"endsAt\":\""
                + Instant.now().plus(4, ChronoUnit.HOURS) + "\",\"comment\":\"patch window tonight\"}");
        relay.push("[{\"labels\":{\"alertname\":\"HostHighCpuLoad\",\"severity\":\"warning\",\"instance\":\"vps-02\",\"job\":\"node\"},"
                + "\"endsAt\":\"" + Instant.now().minusSeconds(20) + "\"}]");
    }

    @Test
    void screenshotsOfTheWallInWallModeOnADeskAndOnAPhone() {
        try (TestRelay relay = TestRelay.start(dataDir); Chromium browser = Chromium.shared(1600, 900)) {
            seed(relay);
            WallPage page = new WallPage(browser, relay.base()).signInByLink(TestRelay.OPERATOR, null).waitLive();
            page.waitFor(d -> page.cards().size() == 9, "9 cards (the silenced one hidden)");

            // ?wall=1 rather than the W key: the key also goes full screen, which headless makes 800x600
            browser.driver.get(relay.base() + "/?wall=1");
            page.waitLive();
            page.waitFor(d -> page.cards().size() == 9, "9 cards in wall mode");
            assertThat(browser.js("return document.documentElement.dataset.theme")).isEqualTo("dark");
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-dark"));

            browser.driver.get(relay.base() + "/?group=instance");
            page.waitLive();
            browser.resize(1400, 1000);
            page.byId("settings-button").click();
            new Select(page.byId("theme")).selectByValue("light");
            browser.driver.findElement(By.cssSelector("#settings [data-close]")).click();
            page.waitFor(d -> "light".equals(browser.js("return document.documentElement.dataset.theme")), "light theme");
            assertThat(browser.driver.findElements(By.cssSelector(".group-name"))).hasSizeGreaterThan(5);
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-light"));

            browser.driver.get(relay.base() + "/?view=table&silenced=1");
            page.waitLive();
            page.waitFor(d -> d.findElements(By.cssSelector("#wall .row[data-fp]")).size() == 10, "10 rows");
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-table"));

            browser.driver.get(relay.base() + "/");
            browser.resize(390, 844);
            page.waitLive();
            page.waitFor(d -> page.cards().size() == 9, "9 cards");
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-phone"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /** Waits until a frame has been painted since the last change (async script: resolves after two frames). */
    static void waitForFrame(Chromium browser) {
        browser.driver.executeAsyncScript(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    }
}
