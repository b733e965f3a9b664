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

    static String alert(
            String name, String severity, String instance, String summary, int minutesAgo, String... extra) {
        StringBuilder labels = new StringBuilder(
                "\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\"" + instance + "\"");
        for (int i = 0; i + 1 < extra.length; i += 2)
            labels.append(",\"")
                    .append(extra[i])
                    .append("\":\"")
                    .append(extra[i + 1])
                    .append('"');
        return "{\"labels\":{" + labels + "},\"annotations\":{\"summary\":\"" + summary + "\"},\"startsAt\":\""
                + Instant.now().minus(minutesAgo, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"}";
    }

    static void seed(TestRelay relay) {
        StringJoiner all = new StringJoiner(",", "[", "]");
        all.add(alert(
                "HostOutOfDiskSpace",
                "critical",
                "vps-01",
                "Disk / is 96% full (4.1 GB left)",
                12,
                "mountpoint",
                "/",
                "job",
                "node"));
        all.add(alert("NodeDown", "critical", "vps-07", "vps-07 has not answered for 3 minutes", 3, "job", "node"));
        all.add(alert(
                "HttpErrorRate",
                "error",
                "api-2",
                "5xx rate 7.4% over 5m on /checkout",
                26,
                "job",
                "api",
                "env",
                "prod"));
        all.add(alert("BackupFailed", "error", "vps-03", "Nightly backup exited with code 2", 340, "job", "backup"));
        all.add(alert(
                "HostHighCpuLoad", "warning", "vps-02", "Load 11.8 on 4 cores for 10 minutes", 18, "job", "node"));
        all.add(alert("HostOutOfMemory", "warning", "vps-05", "Memory available 6% (480 MB)", 44, "job", "node"));
        all.add(alert(
                "SshBruteForce", "warning", "vps-01", "41 failed logins from 203.0.113.9 in 1m", 7, "service", "sshd"));
        all.add(alert(
                "CertificateExpiresSoon",
                "info",
                "www",
                "TLS certificate for shop.example.com expires in 9 days",
                1500,
                "job",
                "blackbox"));
        all.add(alert("PackageUpdatesPending", "info", "vps-04", "23 security updates pending", 2900, "job", "node"));
        all.add(alert(
                "DiskWillFillIn4h", "warning", "vps-06", "/var fills in about 4 hours at this rate", 2, "job", "node"));
        relay.push(all.toString());
        String fp = WallPage.fingerprint(
                "alertname", "HttpErrorRate", "severity", "error", "instance", "api-2", "job", "api", "env", "prod");
        relay.http(
                "POST",
                "/api/alerts/" + fp + "/ack",
                TestRelay.OPERATOR,
                "{\"comment\":\"rolling back release 2026.11.3\"}");
        String disk = WallPage.fingerprint(
                "alertname",
                "HostOutOfDiskSpace",
                "severity",
                "critical",
                "instance",
                "vps-01",
                "mountpoint",
                "/",
                "job",
                "node");
        relay.http("POST", "/api/alerts/" + disk + "/ack", TestRelay.OPERATOR, "{\"comment\":\"cleaning /var/log\"}");
        relay.http(
                "POST",
                "/api/silences",
                TestRelay.OPERATOR,
                "{\"matchers\":[\"alertname=PackageUpdatesPending\"],\"endsAt\":\""
                        + Instant.now().plus(4, ChronoUnit.HOURS) + "\",\"comment\":\"patch window tonight\"}");
        relay.push(
                "[{\"labels\":{\"alertname\":\"HostHighCpuLoad\",\"severity\":\"warning\",\"instance\":\"vps-02\",\"job\":\"node\"},"
                        + "\"endsAt\":\"" + Instant.now().minusSeconds(20) + "\"}]");
    }

    @Test
    void screenshotsOfTheWallInWallModeOnADeskAndOnAPhone() {
        try (TestRelay relay = TestRelay.start(dataDir);
                Chromium browser = Chromium.shared(1600, 900)) {
            seed(relay);
            WallPage page = new WallPage(browser, relay.base())
                    .signInByLink(TestRelay.OPERATOR, null)
                    .waitLive();
            page.waitFor(d -> page.cards().size() == 9, "9 cards (the silenced one hidden)");

            // ?wall=1 rather than the W key: the key also goes full screen, which headless makes 800x600
            browser.driver.get(relay.base() + "/?wall=1");
            page.waitLive();
            page.waitFor(d -> page.cards().size() == 9, "9 cards in wall mode");
            assertThat(browser.js("return document.documentElement.dataset.theme"))
                    .isEqualTo("dark");
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-dark"));

            browser.driver.get(relay.base() + "/?group=instance");
            page.waitLive();
            browser.resize(1400, 1000);
            page.byId("settings-button").click();
            new Select(page.byId("theme")).selectByValue("light");
            browser.driver.findElement(By.cssSelector("#settings [data-close]")).click();
            page.waitFor(
                    d -> "light".equals(browser.js("return document.documentElement.dataset.theme")), "light theme");
            assertThat(browser.driver.findElements(By.cssSelector(".group-name")))
                    .hasSizeGreaterThan(5);
            waitForFrame(browser);
            System.out.println("screenshot: " + browser.screenshot("wall-light"));

            browser.driver.get(relay.base() + "/?view=table&silenced=1");
            page.waitLive();
            page.waitFor(
                    d -> d.findElements(By.cssSelector("#wall .row[data-fp]")).size() == 10, "10 rows");
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

    /**
     * What issue 13 asked to see: a stale alert (dimmed, "source failed 3m ago" and why), a RelayPluginFailed
     * card, a log-pattern card with the line it matched, and a resolved card saying why it resolved. The relay of
     * this branch does not send "stale" yet: it is added to the frames as the protocol words it (WallTruthTest),
     * and RelayPluginFailed is pushed with the labels and text the relay gives it.
     */
    @Test
    void screenshotsOfAStaleAlertARelayPluginFailedCardAndALogLine() {
        try (TestRelay relay = TestRelay.start(dataDir);
                Chromium browser = Chromium.shared(1400, 700)) {
            String reason = "plugin host-metrics failed: a task threw IllegalStateException: /proc/stat: "
                    + "Permission denied";
            String load = WallPage.fingerprint(
                    "alertname", "HostHighCpuLoad", "severity", "warning", "instance", "vps-02", "job", "node");
            String mem = WallPage.fingerprint(
                    "alertname", "HostOutOfMemory", "severity", "critical", "instance", "vps-05", "job", "node");
            String line = "2026-12-03T06:04:18Z shop[4242]: panic: runtime error: index out of range [7] with "
                    + "length 7 goroutine 1 [running]: main.handleCheckout(0xc000126000, {0xc00011e0f0, 0x2a})";
            StringJoiner all = new StringJoiner(",", "[", "]");
            all.add(alert(
                    "HostHighCpuLoad", "warning", "vps-02", "Load 11.8 on 4 cores for 10 minutes", 18, "job", "node"));
            all.add(alert("HostOutOfMemory", "critical", "vps-05", "Memory available 3% (240 MB)", 9, "job", "node"));
            all.add(annotated(
                    alert(
                            "RelayPluginFailed",
                            "warning",
                            "relay-01",
                            "Plugin host-metrics failed: a task "
                                    + "threw IllegalStateException: /proc/stat: Permission denied",
                            3,
                            "plugin",
                            "host-metrics"),
                    "description",
                    "It stays failed until POST /api/plugins/host-metrics/restart (admin) or a new "
                            + "build in plugins.dir"));
            all.add(annotated(
                    alert("AppPanic", "critical", "shop-1", "AppPanic: " + line, 1, "file", "/var/log/shop/app.log"),
                    "example",
                    line));
            all.add(annotated(
                    alert(
                            "SshBruteForce",
                            "warning",
                            "vps-01",
                            "Failed SSH logins from 203.0.113.9",
                            4,
                            "file",
                            "/var/log/auth.log"),
                    "example",
                    "sshd[812]: Failed password for invalid user admin from 203.0.113.9 port 52214 ssh2"));
            all.add(alert(
                    "TlsCertExpiringSoon",
                    "warning",
                    "shop.example.com",
                    "The TLS certificate of " + "shop.example.com expires in 2 days",
                    600,
                    "job",
                    "http-probe"));
            relay.push(all.toString());
            // resolved as a rule resolves it: its own sentence and why
            relay.push("[{\"labels\":{\"alertname\":\"TlsCertExpiringSoon\",\"severity\":\"warning\",\"instance\":"
                    + "\"shop.example.com\",\"job\":\"http-probe\"},\"annotations\":{\"summary\":"
                    + "\"TlsCertExpiringSoon: resolved at value 89\",\"resolved_reason\":\"tls.cert.days.left is 89, "
                    + "at or above the clear level 21\"},\"endsAt\":\""
                    + Instant.now().minusSeconds(40) + "\"}]");
            Object shim = browser.driver
                    .executeCdpCommand(
                            "Page.addScriptToEvaluateOnNewDocument",
                            java.util.Map.of(
                                    "source",
                                    WallTruthTest.STALE_ON_THE_WIRE
                                            + "window.__stale = JSON.parse(sessionStorage.getItem('test.stale') ||"
                                            + " '{}');"))
                    .get("identifier");
            try {
                WallPage page = new WallPage(browser, relay.base())
                        .signInByLink(TestRelay.VIEWER, null)
                        .waitLive();
                String since = Instant.now().minusSeconds(190).toString();
                browser.js(
                        "sessionStorage.setItem('test.stale', JSON.stringify({[arguments[0]]: {since: arguments[2], "
                                + "reason: arguments[3]}, [arguments[1]]: {since: arguments[2], reason:"
                                + " arguments[3]}}))",
                        load,
                        mem,
                        since,
                        reason);
                browser.driver.navigate().refresh();
                page.waitLive();
                page.waitFor(
                        d -> d.findElements(By.cssSelector("#wall .card.stale")).size() == 2, "2 stale cards");
                page.waitFor(d -> page.cards().size() == 6, "6 cards");
                waitForFrame(browser);
                System.out.println("screenshot: " + browser.screenshot("wall-stale-light"));

                browser.driver.get(relay.base() + "/?wall=1");
                page.waitLive();
                page.waitFor(
                        d -> d.findElements(By.cssSelector("#wall .card.stale")).size() == 2, "2 stale cards");
                waitForFrame(browser);
                System.out.println("screenshot: " + browser.screenshot("wall-stale-dark"));

                browser.driver.get(relay.base() + "/?view=table");
                page.waitLive();
                page.waitFor(
                        d -> d.findElements(By.cssSelector("#wall .row.stale")).size() == 2, "2 stale rows");
                waitForFrame(browser);
                System.out.println("screenshot: " + browser.screenshot("wall-stale-table"));

                browser.driver.get(relay.base() + "/");
                page.waitLive();
                page.byId("history-button").click();
                page.waitFor(
                        d -> !d.findElements(By.cssSelector("#history .history-entry"))
                                .isEmpty(),
                        "history");
                waitForFrame(browser);
                System.out.println("screenshot: " + browser.screenshot("wall-resolved-history"));
                assertThat(browser.consoleErrors()).isEmpty();
            } finally {
                browser.driver.executeCdpCommand(
                        "Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", shim));
            }
        }
    }

    /** The alert's JSON with one more annotation. */
    static String annotated(String alertJson, String key, String value) {
        return alertJson.replace("\"annotations\":{", "\"annotations\":{\"" + key + "\":\"" + value + "\",");
    }

    /** Waits until a frame has been painted since the last change (async script: resolves after two frames). */
    static void waitForFrame(Chromium browser) {
        browser.driver.executeAsyncScript(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
    }
}
