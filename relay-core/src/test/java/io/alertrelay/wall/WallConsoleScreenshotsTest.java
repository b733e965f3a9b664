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

/**
 * Screenshots of the wall as a console, under target/screenshots/ (docs/img/ holds the ones the docs show): a
 * 150-alert fleet of 30 hosts on a 4K wall, a 1080p wall, a laptop and a phone, grouped and not, light and dark;
 * the Silences panel, the silence form with its preview, and the Acknowledged panel. A person looks at these;
 * the test checks that each view rendered, and prints the first paint of the fleet.
 */
class WallConsoleScreenshotsTest {

    static final String[] NAMES = {"HostDown", "DiskFull", "CpuHigh", "MemoryHigh", "NtpDrift"};
    static final String[] SEVERITIES = {"critical", "critical", "warning", "warning", "info"};

    @TempDir
    Path dataDir;

    /** 150 alerts: 30 hosts with 5 alerts each, some acked, two silenced, one runbook each. */
    static void fleet(TestRelay relay) {
        StringJoiner body = new StringJoiner(",", "[", "]");
        for (int host = 1; host <= 30; host++) {
            for (int i = 0; i < NAMES.length; i++) {
                body.add("{\"labels\":{\"alertname\":\"" + NAMES[i] + "\",\"severity\":\"" + SEVERITIES[i]
                        + "\",\"instance\":\"vps-" + String.format("%02d", host) + "\",\"env\":\""
                        + (host % 3 == 0 ? "staging" : "production") + "\",\"job\":\"node\"},\"annotations\":{"
                        + "\"summary\":\"" + NAMES[i] + " on vps-" + host + "\",\"runbook_url\":\"https://runbooks"
                        + ".example/" + NAMES[i] + "\"},\"startsAt\":\""
                        + Instant.now()
                                .minus(host * 37L + i * 11L, ChronoUnit.MINUTES)
                                .truncatedTo(ChronoUnit.SECONDS)
                        + "\"}");
            }
        }
        relay.push(body.toString());
        for (int host = 1; host <= 6; host++) {
            String fp = WallPage.fingerprint(
                    "alertname",
                    "HostDown",
                    "severity",
                    "critical",
                    "instance",
                    String.format("vps-%02d", host),
                    "env",
                    host % 3 == 0 ? "staging" : "production",
                    "job",
                    "node");
            relay.http(
                    "POST",
                    "/api/alerts/" + fp + "/ack",
                    TestRelay.OPERATOR,
                    "{\"comment\":\"rebooting\",\"person\":\"Maria\",\"expiresIn\":\"4h\"}");
        }
        relay.http(
                "POST",
                "/api/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[\"alertname=NtpDrift\"],\"endsAt\":\""
                        + Instant.now().plus(3, ChronoUnit.HOURS) + "\",\"comment\":\"ntp servers being replaced\"}");
        relay.http(
                "POST",
                "/api/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[\"env=staging\"],\"startsAt\":\""
                        + Instant.now().plus(2, ChronoUnit.HOURS)
                        + "\",\"endsAt\":\"" + Instant.now().plus(6, ChronoUnit.HOURS)
                        + "\",\"comment\":\"staging maintenance tonight\"}");
    }

    /**
     * One view of the fleet: the theme and density as Settings would keep them, then a fresh load of {@code url};
     * prints the first paint of that load.
     */
    void shot(Chromium browser, WallPage page, String url, int width, int height, String look, String name) {
        browser.resize(width, height);
        String[] themeAndDensity = look.split("/");
        browser.js(
                "localStorage.setItem('alert-relay.theme', arguments[0]);"
                        + " localStorage.setItem('alert-relay.density', arguments[1])",
                themeAndDensity[0],
                themeAndDensity[1]);
        browser.driver.get(url);
        page.waitLive();
        page.waitFor(
                d -> !page.cards().isEmpty()
                        || !d.findElements(By.cssSelector(".row[data-fp]")).isEmpty(),
                "alerts on " + name);
        WallScreenshotsTest.waitForFrame(browser);
        Object paint = browser.js("return performance.getEntriesByName('wall:alerts-painted')[0]?.startTime");
        System.out.println("wall: 150-alert fleet, " + name + ": first alerts painted at " + paint + " ms");
        System.out.println("screenshot: " + browser.screenshot(name));
    }

    @Test
    void theFleetAtFourSizesAndTheConsolePanels() {
        try (TestRelay relay = TestRelay.start(dataDir);
                Chromium browser = Chromium.shared(1920, 1080)) {
            fleet(relay);
            WallPage page = new WallPage(browser, relay.base())
                    .signInByLink(TestRelay.OPERATOR, null)
                    .waitLive();
            page.waitFor(d -> page.cards().size() == 120, "120 cards (30 silenced hidden)");
            Object first = browser.js("return performance.getEntriesByName('wall:alerts-painted')[0]?.startTime");
            System.out.println(
                    "wall: 150-alert fleet, first load of a fresh browser: first alerts painted at " + first + " ms");

            // every size grouped and not; wall mode is always dark, the others in both themes between them
            String base = relay.base();
            shot(
                    browser,
                    page,
                    base + "/?wall=1&group=instance",
                    3840,
                    2160,
                    "dark/comfortable",
                    "fleet-4k-wall-grouped");
            shot(browser, page, base + "/?wall=1", 3840, 2160, "dark/compact", "fleet-4k-wall-compact");
            shot(browser, page, base + "/?wall=1", 1920, 1080, "dark/comfortable", "fleet-1080p-wall");
            shot(
                    browser,
                    page,
                    base + "/?wall=1&group=instance",
                    1920,
                    1080,
                    "dark/compact",
                    "fleet-1080p-wall-grouped");
            shot(browser, page, base + "/?group=alertname", 1920, 1080, "light/compact", "fleet-1080p-compact-light");
            shot(browser, page, base + "/?group=instance", 1366, 768, "light/comfortable", "fleet-laptop-grouped");
            shot(browser, page, base + "/", 1366, 768, "dark/comfortable", "fleet-laptop-dark");
            shot(browser, page, base + "/", 390, 844, "light/compact", "fleet-phone-light");
            shot(browser, page, base + "/?group=instance", 390, 844, "dark/comfortable", "fleet-phone-dark-grouped");

            shot(browser, page, base + "/", 1400, 900, "auto/comfortable", "console-base");
            page.byId("silences-button").click();
            page.waitFor(
                    d -> d.findElements(By.cssSelector("#silences .silence-entry"))
                                    .size()
                            == 2,
                    "2 silences");
            WallScreenshotsTest.waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("console-silences"));
            browser.driver.findElement(By.cssSelector("[data-new-silence]")).click();
            browser.driver
                    .findElement(By.cssSelector("#silence-dialog [name=matchers]"))
                    .sendKeys("alertname=\"DiskFull\", env=\"production\"");
            page.waitFor(
                    d -> d.findElement(By.cssSelector(".silence-preview"))
                            .getText()
                            .contains("Matches 20"),
                    "the preview");
            WallScreenshotsTest.waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("console-silence-form"));
            browser.driver
                    .findElement(By.cssSelector("#silence-dialog button[value=cancel]"))
                    .click();
            page.byId("acks-button").click();
            page.waitFor(d -> d.findElements(By.cssSelector("#acks .ack-entry")).size() == 6, "6 acks");
            WallScreenshotsTest.waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("console-acknowledged"));
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
