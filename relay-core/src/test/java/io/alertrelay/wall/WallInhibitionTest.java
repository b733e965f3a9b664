package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.config.InhibitRuleConfig;
import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Inhibition on the wall, in real headless Chromium against a relay with the stock rule (a host that is down
 * hides the warnings about that host): hidden by default and left out of the counts, shown on request with the
 * name of what inhibits them, and back on every wall, live, the moment the source resolves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallInhibitionTest {

    static final InhibitRuleConfig HOST_DOWN = new InhibitRuleConfig(
            List.of("alertname=\"HostDown\""), List.of("severity=~\"warning|info\""), List.of("instance"));

    TestRelay relay;
    Chromium browser;
    WallPage wall;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(
                Files.createTempDirectory("wall-inhibition-"),
                t -> t.config = c -> c.withAlerts(c.alerts().withInhibitRules(List.of(HOST_DOWN))));
        browser = Chromium.shared(1400, 900);
        wall = new WallPage(browser, relay.base())
                .signInByLink(TestRelay.VIEWER, null)
                .waitLive();
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (relay != null) relay.close();
    }

    void push(String name, String severity, String instance, String endsAt) {
        relay.push("[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\""
                + instance + "\"},\"annotations\":{\"summary\":\"" + name + " on " + instance + "\"}"
                + (endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"") + "}]");
    }

    static String fp(String name, String severity, String instance) {
        return WallPage.fingerprint("alertname", name, "severity", severity, "instance", instance);
    }

    String counts() {
        return wall.byId("counts").getText();
    }

    @Test
    void aHostThatIsDownHidesItsWarningsUntilItResolves() {
        String hostDown = fp("HostDown", "critical", "vps-01");
        String disk = fp("DiskFull", "warning", "vps-01");
        String cpu = fp("CpuHigh", "warning", "vps-01");
        String other = fp("DiskFull", "warning", "vps-02");
        push("DiskFull", "warning", "vps-01", null);
        push("CpuHigh", "warning", "vps-01", null);
        push("DiskFull", "warning", "vps-02", null);
        wall.waitForCard(cpu);
        wall.waitFor(d -> counts().contains("3 warning"), "three warnings counted");

        push("HostDown", "critical", "vps-01", null);
        wall.waitForCard(hostDown);
        wall.waitForNoCard(disk);
        wall.waitForNoCard(cpu);
        assertThat(wall.hasCard(other)).as("the other host's warning").isTrue();
        wall.waitFor(d -> counts().contains("1 critical") && counts().contains("1 warning"), "counts without them");

        wall.byId("show-inhibited").click();
        assertThat(wall.waitForCard(disk).getText()).contains("Inhibited", "by HostDown");
        assertThat(wall.waitForCard(cpu).getText()).contains("by HostDown");
        assertThat(wall.waitForCard(other).getText()).doesNotContain("Inhibited");
        assertThat(wall.waitForCard(disk).getAttribute("class")).contains("inhibited");
        assertThat(counts())
                .as("shown, still not counted")
                .contains("1 warning")
                .doesNotContain("3 warning");
        assertThat(browser.driver.getCurrentUrl()).contains("inhibited=1");
        wall.byId("show-inhibited").click();
        wall.waitForNoCard(disk);

        // the host comes back: its warnings return on their own, no reload, with no inhibited line
        push("HostDown", "critical", "vps-01", Instant.now().minusSeconds(1).toString());
        wall.waitFor(d -> wall.hasCard(disk) && wall.hasCard(cpu), "the warnings to come back");
        assertThat(wall.waitForCard(disk).getText()).doesNotContain("Inhibited");
        wall.waitFor(d -> counts().contains("3 warning"), "the three warnings counted again");
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }
}
