package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TcpProxy;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The wall reconnects by itself: after the relay restarts on the same port, and after a network cut while
 * the relay keeps running, in which case it resumes with {@code since} and misses nothing.
 */
class WallReconnectTest {

    @TempDir
    Path dataDir;

    static String alert(String name, String instance) {
        return "[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"critical\",\"instance\":\"" + instance
                + "\"},\"annotations\":{\"summary\":\"" + name + " summary\"}}]";
    }

    static String fp(String name, String instance) {
        return WallPage.fingerprint("alertname", name, "severity", "critical", "instance", instance);
    }

    /** While the relay is away the browser logs its refused connection attempts: those are expected. */
    static List<String> unexpectedErrors(Chromium browser) {
        return browser.consoleErrors().stream()
                .filter(e -> !e.contains("WebSocket connection to") && !e.contains("ERR_CONNECTION_REFUSED"))
                .toList();
    }

    @Test
    void afterARelayRestartTheWallReconnectsByItselfAndShowsWhatWasPushedSince() {
        int port = TcpProxy.freePort();
        TestRelay relay = TestRelay.start(dataDir.resolve("first"), t -> t.port = port);
        try (Chromium browser = Chromium.shared(1280, 800)) {
            WallPage page = new WallPage(browser, relay.base())
                    .signInByLink(TestRelay.VIEWER, null)
                    .waitLive();
            relay.push(alert("BeforeRestart", "vps-1"));
            page.waitForCard(fp("BeforeRestart", "vps-1"));
            browser.js("window.notReloaded = true");

            relay.close();
            page.waitFor(d -> "reconnecting".equals(page.connectionState()), "the wall to notice the relay left");
            assertThat(page.connectionText()).matches("reconnecting in \\d+s");
            browser.screenshot("wall-reconnecting");

            relay = TestRelay.start(dataDir.resolve("second"), t -> t.port = port);
            relay.push(alert("AfterRestart", "vps-2"));
            page.waitLive().waitForCard(fp("AfterRestart", "vps-2"));
            // this relay has no store yet, so it came back with a new epoch: the wall says its view was replaced
            page.waitFor(
                    d -> d.findElement(By.id("notices")).getText().contains("fresh snapshot"),
                    "a notice that a reset snapshot replaced the view");
            assertThat(page.hasCard(fp("BeforeRestart", "vps-1")))
                    .as("the view is exactly the new relay's")
                    .isFalse();
            relay.push(alert("LiveAgain", "vps-3"));
            page.waitForCard(fp("LiveAgain", "vps-3"));
            assertThat(browser.js("return window.notReloaded")).isEqualTo(true);
            assertThat(unexpectedErrors(browser)).isEmpty();
        } finally {
            relay.close();
        }
    }

    @Test
    void afterANetworkCutTheWallResumesWithSinceAndMissesNothing() {
        try (TestRelay relay = TestRelay.start(dataDir, t -> t.allowedOrigins = List.of("*"));
                TcpProxy proxy = new TcpProxy(relay.relay.port());
                Chromium browser = Chromium.shared(1280, 800)) {
            WallPage page = new WallPage(browser, "http://127.0.0.1:" + proxy.port())
                    .signInByLink(TestRelay.OPERATOR, null)
                    .waitLive();
            relay.push(alert("Steady", "vps-1"));
            page.waitForCard(fp("Steady", "vps-1"));

            proxy.cut();
            page.waitFor(d -> "reconnecting".equals(page.connectionState()), "the wall to notice the cut");
            // while this wall cannot hear: a new alert, an ack by someone else, another alert that resolves
            relay.push(alert("DuringCut", "vps-2"));
            relay.http(
                    "POST",
                    "/api/alerts/" + fp("Steady", "vps-1") + "/ack",
                    TestRelay.ADMIN,
                    "{\"comment\":\"seen from the phone\"}");
            relay.push(alert("Blip", "vps-3"));
            relay.push("[{\"labels\":{\"alertname\":\"Blip\",\"severity\":\"critical\",\"instance\":\"vps-3\"},"
                    + "\"endsAt\":\"" + java.time.Instant.now().minusSeconds(1) + "\"}]");
            proxy.restore();

            page.waitLive().waitForCard(fp("DuringCut", "vps-2"));
            page.waitFor(
                    d -> page.waitForCard(fp("Steady", "vps-1")).getText().contains("seen from the phone"),
                    "the ack made during the cut");
            page.waitFor(
                    d -> page.waitForCard(fp("Blip", "vps-3")).getText().contains("RESOLVED"),
                    "the alert that fired and resolved during the cut, shown resolved");
            assertThat(browser.driver.findElement(By.id("notices")).getText()).doesNotContain("fresh snapshot");
            assertThat(relay.http("GET", "/metrics", null, null).body())
                    .containsPattern("relay_resumes_total\\{outcome=\"replayed\"\\} [1-9]");
            assertThat(unexpectedErrors(browser)).isEmpty();
        }
    }
}
