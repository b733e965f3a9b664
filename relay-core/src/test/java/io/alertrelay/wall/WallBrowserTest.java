package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The wall in real headless Chromium against a real relay: one relay and two browsers shared by every test
 * (each test uses its own alert names), an operator's and a viewer's, as two people at two screens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallBrowserTest {

    static final AtomicInteger IDS = new AtomicInteger();
    TestRelay relay;
    Chromium opBrowser;
    Chromium viewerBrowser;
    WallPage operator;
    WallPage viewer;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(Files.createTempDirectory("wall-test-"));
        opBrowser = Chromium.shared(1400, 900);
        viewerBrowser = Chromium.start(1400, 900);
        operator = new WallPage(opBrowser, relay.base())
                .signInByLink(TestRelay.OPERATOR, null)
                .waitLive();
        viewer = new WallPage(viewerBrowser, relay.base())
                .signInByLink(TestRelay.VIEWER, null)
                .waitLive();
    }

    @AfterAll
    void stop() {
        if (opBrowser != null) opBrowser.close();
        if (viewerBrowser != null) viewerBrowser.close();
        if (relay != null) relay.close();
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(opBrowser.consoleErrors())
                .as("console errors in the operator's browser")
                .isEmpty();
        assertThat(viewerBrowser.consoleErrors())
                .as("console errors in the viewer's browser")
                .isEmpty();
    }

    /** A name no other test uses, so tests sharing the relay never see each other's alerts by accident. */
    static String unique(String name) {
        return name + IDS.incrementAndGet();
    }

    void push(String name, String severity, String instance, String summary) {
        relay.push("[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\""
                + instance + "\"},\"annotations\":{\"summary\":\"" + summary + "\"}}]");
    }

    void resolve(String name, String severity, String instance) {
        relay.push("[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\""
                + instance + "\"},\"endsAt\":\"" + Instant.now().minusSeconds(1) + "\"}]");
    }

    static String fp(String name, String severity, String instance) {
        return WallPage.fingerprint("alertname", name, "severity", severity, "instance", instance);
    }

    @Test
    void theLinkTheRelayPrintsSignsInAndTheTokenLeavesTheAddressBar() {
        operator.signInByLink(TestRelay.OPERATOR, "q=x").waitLive();
        String url = opBrowser.driver.getCurrentUrl();
        assertThat(url)
                .doesNotContain("token")
                .doesNotContain(TestRelay.OPERATOR)
                .endsWith("/?q=x");
        assertThat(opBrowser.js("return sessionStorage.getItem('alert-relay.token')"))
                .isEqualTo(TestRelay.OPERATOR);
        operator.browser.driver.get(relay.base() + "/"); // a reload keeps this tab signed in
        operator.waitLive();
    }

    @Test
    void withoutATokenTheSignInFormAsksAndARefusedTokenAsksAgain() {
        viewerBrowser.js("sessionStorage.clear()");
        viewerBrowser.driver.get(relay.base() + "/");
        WebElement form = viewer.wait(WallPage.WAIT).until(d -> d.findElement(By.cssSelector("#signin:not([hidden])")));
        form.findElement(By.name("token")).sendKeys("not-a-token", Keys.ENTER);
        viewer.waitFor(
                d -> d.findElement(By.cssSelector(".signin-message")).getText().contains("refused"),
                "the sign-in form to say the token was refused");
        form.findElement(By.name("token")).sendKeys(TestRelay.VIEWER, Keys.ENTER);
        viewer.waitLive();
        assertThat(viewerBrowser.js("return document.body.classList.contains('can-operate')"))
                .isEqualTo(false);
    }

    @Test
    void anAlertPushedThroughTheApiAppearsWithinASecondWithSeverityAndSummary() {
        String name = unique("DiskFull");
        operator.browser.js("window.notReloaded = true");
        long t0 = System.nanoTime();
        push(name, "critical", "vps-01", "Disk / is 96% full");
        WebElement card = operator.wait(java.time.Duration.ofSeconds(1))
                .until(d -> d.findElement(operator.cardBy(fp(name, "critical", "vps-01"))));
        System.out.printf("wall: pushed alert on screen after %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        assertThat(card.getText())
                .contains("CRITICAL")
                .contains(name)
                .contains("Disk / is 96% full")
                .contains("vps-01")
                .containsPattern("firing for \\d+s");
        assertThat(card.findElement(By.cssSelector(".sev-icon svg")).isDisplayed())
                .isTrue();
        assertThat(card.getText()).as("labels only on demand").doesNotContain("instance=vps-01");
        card.findElement(By.cssSelector("button[data-action=labels]")).click();
        operator.waitFor(d -> card.getText().contains("instance=vps-01"), "the card's labels after a click");
        assertThat(operator.browser.js("return window.notReloaded")).isEqualTo(true);
        operator.waitFor(
                d -> operator.title().matches("\\(\\d+ critical.*\\) Alert Relay"),
                "the page title to count critical alerts, it is " + operator.title());
        assertThat(operator.byId("counts").getText()).containsPattern("\\d+ critical");
        viewer.waitForCard(fp(name, "critical", "vps-01"));
        assertThat(viewer.waitForCard(fp(name, "critical", "vps-01"))
                        .findElements(By.cssSelector("button[data-action=ack], button[data-action=silence]")))
                .as("a viewer sees no action buttons")
                .isEmpty();
    }

    @Test
    void anAckInOneBrowserShowsInTheOtherWithWhoAndTheComment() {
        String name = unique("HighLoad");
        String fp = fp(name, "warning", "vps-02");
        push(name, "warning", "vps-02", "Load 12 on 4 cores");
        operator.ack(fp, "looking at the cron job");
        viewer.waitFor(
                d -> viewer.waitForCard(fp).getText().contains("Acked by operator"),
                "the viewer's card to show the ack");
        assertThat(viewer.waitForCard(fp).getText()).contains("looking at the cron job");

        operator.click(fp, "unack");
        viewer.waitFor(d -> !viewer.waitForCard(fp).getText().contains("Acked"), "the viewer's card to lose the ack");
    }

    @Test
    void aSilenceFromTheCardHidesItEverywhereAndExpiringItBringsItBack() {
        String name = unique("NoisyCheck");
        String fp = fp(name, "info", "vps-03");
        push(name, "info", "vps-03", "flapping");
        viewer.waitForCard(fp);
        operator.silence(fp, "4h", "maintenance window");
        operator.waitForNoCard(fp);
        viewer.waitForNoCard(fp);

        operator.byId("show-silenced").click();
        WebElement card = operator.waitForCard(fp);
        assertThat(card.getText()).contains("Silenced").contains("by operator").contains("maintenance window");
        operator.click(fp, "expire");
        operator.waitFor(d -> !operator.waitForCard(fp).getText().contains("Silenced"), "the silence to expire");
        viewer.waitForCard(fp);
        operator.byId("show-silenced").click();
    }

    @Test
    void aFilterInTheUrlAppliesOnLoadAndSurvivesAReload() {
        String name = unique("Filtered");
        push(name, "critical", "vps-prod", "prod is down");
        push(name, "warning", "vps-dev", "dev is slow");
        String prod = fp(name, "critical", "vps-prod");
        String dev = fp(name, "warning", "vps-dev");
        operator.browser.driver.get(relay.base() + "/?m=alertname%3D%22" + name + "%22%2C+instance%3D~%22vps-p.*%22");
        operator.waitLive().waitForCard(prod);
        assertThat(operator.hasCard(dev)).isFalse();
        assertThat(operator.byId("matchers").getAttribute("value"))
                .isEqualTo("alertname=\"" + name + "\", instance=~\"vps-p.*\"");

        // typed filters go into the URL too: clear the matcher, search text instead, hide criticals
        WebElement matchers = operator.byId("matchers");
        matchers.clear();
        matchers.sendKeys("alertname=" + name);
        operator.byId("search").sendKeys("slow");
        operator.waitFor(d -> d.getCurrentUrl().contains("q=slow"), "the search text to reach the URL");
        operator.waitForCard(dev);
        operator.waitForNoCard(prod);
        operator.browser.driver.navigate().refresh();
        operator.waitLive().waitForCard(dev);
        assertThat(operator.hasCard(prod)).isFalse();
        assertThat(operator.byId("search").getAttribute("value")).isEqualTo("slow");

        operator.browser.driver.get(relay.base() + "/?m=alertname%3D" + name + "&sev=warning,info");
        operator.waitLive().waitForCard(dev);
        assertThat(operator.hasCard(prod)).as("the critical toggle is off").isFalse();
        operator.browser.driver.get(relay.base() + "/?m=instance%3D~%22%28");
        operator.waitLive();
        assertThat(operator.byId("matcher-error").getText()).contains("Matchers not applied");
        operator.browser.driver.get(relay.base() + "/");
        operator.waitLive();
    }

    @Test
    void groupingByALabelAndTheTableViewShowTheSameAlerts() {
        String name = unique("Grouped");
        push(name, "critical", "vps-g1", "one");
        push(name, "warning", "vps-g2", "two");
        operator.browser.driver.get(relay.base() + "/?m=alertname%3D" + name + "&group=instance");
        operator.waitLive().waitForCard(fp(name, "critical", "vps-g1"));
        List<String> groups = operator.browser.driver.findElements(By.cssSelector(".group-name")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(groups).containsExactly("vps-g1", "vps-g2");
        operator.browser.driver.findElement(By.cssSelector("[data-view=table]")).click();
        operator.waitFor(
                d -> d.findElements(By.cssSelector("#wall.table .row[data-fp]")).size() == 2, "two table rows");
        assertThat(operator.browser.driver.getCurrentUrl()).contains("view=table");
        operator.browser.driver.get(relay.base() + "/");
        operator.waitLive();
    }

    @Test
    void historyShowsAResolvedAlertWithWhoAckedIt() {
        String name = unique("Resolved");
        String fp = fp(name, "error", "vps-h");
        push(name, "error", "vps-h", "backup failed");
        operator.ack(fp, "rerunning the backup");
        resolve(name, "error", "vps-h");
        operator.waitFor(d -> operator.waitForCard(fp).getText().contains("RESOLVED"), "the card to show resolved");
        assertThat(operator.waitForCard(fp).getText()).containsPattern("resolved \\d+s ago");
        operator.byId("history-button").click();
        operator.waitFor(
                d -> d.findElement(By.cssSelector("#history .history-list"))
                        .getText()
                        .contains(name),
                "the history panel to list " + name);
        String text = operator.browser
                .driver
                .findElement(By.cssSelector("#history .history-list li"))
                .getText();
        assertThat(text)
                .contains("acked by operator")
                .contains("rerunning the backup")
                .contains("resolved");
        operator.browser
                .driver
                .findElement(By.cssSelector("#history [data-close]"))
                .click();
    }

    @Test
    void soundIsOffByDefaultAndOnceOnPlaysOncePerAlertOfThatSeverity() {
        String name = unique("Loud");
        push(name, "critical", "vps-s", "first");
        operator.waitForCard(fp(name, "critical", "vps-s"));
        assertThat(operator.browser.js("return document.body.dataset.sounds || '0'"))
                .isEqualTo("0");

        operator.byId("settings-button").click();
        operator.browser
                .driver
                .findElement(By.cssSelector("#attention input[data-kind=sound][data-severity=critical]"))
                .click();
        operator.browser
                .driver
                .findElement(By.cssSelector("#settings [data-close]"))
                .click();
        String loud = unique("Loud");
        push(loud, "critical", "vps-s", "second");
        push(loud, "critical", "vps-s", "second, sent again");
        push(unique("Quiet"), "warning", "vps-s", "warnings stay quiet");
        operator.waitFor(d -> "1".equals(operator.browser.js("return document.body.dataset.sounds")), "one sound");
        assertThat(operator.browser.js("return document.body.dataset.lastSound"))
                .isEqualTo("critical");
        localStorageReset();
    }

    void localStorageReset() {
        operator.browser.js("localStorage.clear()");
        operator.browser.driver.get(relay.base() + "/");
        operator.waitLive();
    }

    @Test
    void theWKeyTogglesWallModeWhichIsDarkAndHasNothingToClick() {
        operator.browser.driver.findElement(By.tagName("body")).sendKeys("w");
        operator.waitFor(
                d -> (Boolean) operator.browser.js("return document.documentElement.classList.contains('wall-mode')"),
                "wall mode");
        assertThat(operator.browser.js("return document.documentElement.dataset.theme"))
                .isEqualTo("dark");
        assertThat(operator.byId("filters").isDisplayed()).isFalse();
        assertThat(operator.browser.driver.getCurrentUrl()).contains("wall=1");
        operator.browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        operator.waitFor(d -> operator.byId("filters").isDisplayed(), "wall mode to end");
    }
}
