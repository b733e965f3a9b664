package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.MovableClock;
import io.alertrelay.testing.TestRelay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The wall as the operator's console, in real Chromium against a relay whose clock the test moves ahead: a
 * maintenance silence made for later from the Silences panel (pending, then active, hiding what it matches, then
 * ended from the page, on a second wall too), a "silence this" link, and an ack that the relay takes back by
 * itself after the expiry chosen in the ack dialog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallConsoleTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final MovableClock clock = new MovableClock();
    TestRelay relay;
    Chromium opBrowser;
    Chromium viewerBrowser;
    WallPage operator;
    WallPage viewer;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(Files.createTempDirectory("wall-console-"), t -> t.clock = clock);
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
        assertThat(opBrowser.consoleErrors()).as("operator's console").isEmpty();
        assertThat(viewerBrowser.consoleErrors()).as("viewer's console").isEmpty();
    }

    void push(String name, String instance) {
        relay.push("[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"warning\",\"instance\":\"" + instance
                + "\"},\"annotations\":{\"summary\":\"" + name + "\"}}]");
    }

    static String fp(String name, String instance) {
        return WallPage.fingerprint("alertname", name, "severity", "warning", "instance", instance);
    }

    JsonNode silences() throws Exception {
        return JSON.readTree(
                relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body());
    }

    WebElement dialog(WallPage page, String id) {
        return page.wait(WallPage.WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    /** The entry of the Silences panel whose comment is {@code comment}, once it is there. */
    WebElement silenceEntry(WallPage page, String comment) {
        By entry = By.xpath("//*[@id='silences']//li[contains(@class,'silence-entry')][.//q[.='" + comment + "']]");
        return page.wait(WallPage.WAIT).until(ExpectedConditions.presenceOfElementLocated(entry));
    }

    @Test
    void aMaintenanceSilenceMadeForLaterStartsHidesWhatItMatchesAndEndsFromThePage() throws Exception {
        operator.byId("silences-button").click();
        viewer.byId("silences-button").click();
        operator.browser
                .driver
                .findElement(By.cssSelector("[data-new-silence]"))
                .click();
        WebElement form = dialog(operator, "silence-dialog");
        form.findElement(By.name("matchers")).sendKeys("alertname=\"DbMaint\", env=\"prod\"");
        operator.waitFor(d -> form.getText().contains("Matches 0 firing alerts now"), "the live preview");
        // ten minutes from now, in the browser's time zone, as a datetime-local input takes it
        operator.browser.js(
                "const t = new Date(Date.now() + 10 * 60000); const el = arguments[0];"
                        + " el.value = new Date(t - t.getTimezoneOffset() * 60000).toISOString().slice(0, 16);"
                        + " el.dispatchEvent(new Event('input'));",
                form.findElement(By.name("startsAt")));
        form.findElement(By.cssSelector("input[name=duration][value='4h']")).click();
        form.findElement(By.cssSelector("button.primary")).click();
        operator.waitFor(d -> form.getText().contains("comment is what the next person"), "the comment required");
        form.findElement(By.name("comment")).sendKeys("database maintenance tonight");
        WebElement person = form.findElement(By.name("person"));
        person.clear();
        person.sendKeys("Ravi");
        form.findElement(By.cssSelector("button.primary")).click();
        operator.wait(WallPage.WAIT).until(ExpectedConditions.invisibilityOf(form));

        String comment = "database maintenance tonight";
        assertThat(silenceEntry(operator, comment).getAttribute("data-state")).isEqualTo("pending");
        WebElement seen = silenceEntry(viewer, comment);
        assertThat(seen.getAttribute("data-state")).isEqualTo("pending");
        assertThat(seen.getText())
                .contains("alertname=\"DbMaint\"", "— operator (Ravi)")
                .doesNotContain("Expire");
        JsonNode made = silences().get(0);
        assertThat(made.path("status").asText()).isEqualTo("pending");
        assertThat(made.path("person").asText()).isEqualTo("Ravi");
        assertThat(operator.browser.js("return localStorage.getItem('alert-relay.person')"))
                .as("the name remembered for the next ack or silence")
                .isEqualTo("Ravi");

        // the relay's time reaches the start: active everywhere, and an alert pushed now is hidden
        clock.advance(Duration.ofMinutes(11));
        operator.waitFor(d -> "active".equals(silenceEntry(operator, comment).getAttribute("data-state")), "active");
        viewer.waitFor(d -> "active".equals(silenceEntry(viewer, comment).getAttribute("data-state")), "active");
        push("DbMaint", "db-1");
        relay.push("[{\"labels\":{\"alertname\":\"DbMaint\",\"env\":\"prod\",\"severity\":\"warning\","
                + "\"instance\":\"db-2\"}}]");
        operator.waitFor(
                d -> silenceEntry(operator, comment).getText().contains("matches 1 firing alert"),
                "the silence matching the prod alert");
        String prod =
                WallPage.fingerprint("alertname", "DbMaint", "env", "prod", "severity", "warning", "instance", "db-2");
        operator.waitForCard(fp("DbMaint", "db-1"));
        assertThat(operator.hasCard(prod))
                .as("the silenced prod alert on the wall")
                .isFalse();

        silenceEntry(operator, comment)
                .findElement(By.cssSelector("button[data-action='expire']"))
                .click();
        operator.waitForCard(prod);
        viewer.waitForCard(prod);
        operator.waitFor(d -> "expired".equals(silenceEntry(operator, comment).getAttribute("data-state")), "expired");
        operator.byId("silences-button").click();
        viewer.byId("silences-button").click();
    }

    @Test
    void aLongDescriptionShowsTwoLinesOnTheCardTheRestOnDemandAndInTheTableOnlyWhenAsked() {
        String description = "The primary lost its replica at 02:10. ".repeat(4)
                + "Check replication with SHOW REPLICA STATUS, then restart the replica's I/O thread.";
        relay.push("[{\"labels\":{\"alertname\":\"ReplicaLost\",\"severity\":\"warning\",\"instance\":"
                + "\"db-9\"},\"annotations\":{\"summary\":\"db-9 has no replica\",\"description\":\""
                + description + "\"}}]");
        String fp = fp("ReplicaLost", "db-9");
        WebElement card = viewer.waitForCard(fp);
        WebElement detail = card.findElement(By.cssSelector(".desc .detail"));
        String clipped = "return arguments[0].scrollHeight > arguments[0].clientHeight + 1";
        assertThat(viewer.browser.js(clipped, detail))
                .as("two lines, the rest clipped")
                .isEqualTo(true);
        WebElement more = card.findElement(By.cssSelector("button[data-action='describe']"));
        assertThat(more.getText()).isEqualTo("More");
        more.click();
        assertThat(viewer.browser.js(clipped, detail))
                .as("all of it after More")
                .isEqualTo(false);
        assertThat(more.getAttribute("aria-expanded")).isEqualTo("true");
        assertThat(more.getText()).isEqualTo("Less");

        viewer.browser.driver.findElement(By.cssSelector("[data-view=table]")).click();
        By row = By.cssSelector("#wall.table .row[data-fp='" + fp + "']");
        viewer.waitFor(d -> !d.findElements(row).isEmpty(), "the table row");
        WebElement rowDetail = viewer.browser.driver.findElement(row).findElement(By.cssSelector(".desc .detail"));
        assertThat(rowDetail.isDisplayed())
                .as("the table keeps to one line until asked")
                .isFalse();
        viewer.browser
                .driver
                .findElement(row)
                .findElement(By.cssSelector("button[data-action='describe']"))
                .click();
        assertThat(rowDetail.isDisplayed()).isTrue();
        assertThat(rowDetail.getText()).contains("restart the replica's I/O thread");
        viewer.browser.driver.findElement(By.cssSelector("[data-view=cards]")).click();
        viewer.waitForCard(fp);
    }

    @Test
    void aSilenceThisLinkOpensTheFormPrefilled() throws Exception {
        push("LinkedAlert", "vps-07");
        String link = relay.base() + "/?silence="
                + URLEncoder.encode("alertname=\"LinkedAlert\", instance=\"vps-07\"", StandardCharsets.UTF_8)
                + "&for=2h&comment=" + URLEncoder.encode("from the Grafana notification", StandardCharsets.UTF_8);
        operator.browser.driver.get(link);
        WebElement form = dialog(operator, "silence-dialog");
        assertThat(form.findElement(By.name("matchers")).getAttribute("value"))
                .isEqualTo("alertname=\"LinkedAlert\", instance=\"vps-07\"");
        assertThat(form.findElement(By.name("comment")).getAttribute("value"))
                .isEqualTo("from the Grafana notification");
        assertThat(form.findElement(By.name("custom")).getAttribute("value")).isEqualTo("2h");
        operator.waitFor(d -> form.getText().contains("Matches 1 firing alert now"), "the preview of the alert");
        assertThat(operator.browser.driver.getCurrentUrl()).doesNotContain("silence=");
        form.findElement(By.cssSelector("button.primary")).click();
        operator.waitForNoCard(fp("LinkedAlert", "vps-07"));
        JsonNode s = null;
        for (JsonNode x : silences()) if (x.path("comment").asText().equals("from the Grafana notification")) s = x;
        assertThat(s).isNotNull();
        assertThat(s.path("createdBy").asText()).isEqualTo("operator");
        // two hours from when the browser sent it (the relay's clock here runs ahead of the browser's)
        assertThat(Duration.between(
                        Instant.now(), Instant.parse(s.path("endsAt").asText())))
                .isBetween(Duration.ofMinutes(118), Duration.ofMinutes(121));
        operator.waitLive();
    }

    @Test
    void anAckWithAnExpiryIsTakenBackByTheRelayAndListedUntilThen() {
        push("DiskSwap", "vps-08");
        String fp = fp("DiskSwap", "vps-08");
        operator.click(fp, "ack");
        WebElement form = dialog(operator, "ack-dialog");
        form.findElement(By.name("comment")).sendKeys("swapping the disk");
        WebElement person = form.findElement(By.name("person"));
        person.clear();
        person.sendKeys("Maria");
        form.findElement(By.name("expires-custom")).sendKeys("1m");
        form.findElement(By.cssSelector("button.primary")).click();
        operator.wait(WallPage.WAIT).until(ExpectedConditions.invisibilityOf(form));
        operator.waitFor(d -> operator.waitForCard(fp).getText().contains("Acked"), "the ack on the card");
        assertThat(operator.waitForCard(fp).getText()).contains("by operator (Maria)", "until", "swapping the disk");

        viewer.byId("acks-button").click();
        viewer.waitFor(
                d -> d.findElements(By.cssSelector("#acks .ack-entry[data-fp='" + fp + "']"))
                                .size()
                        == 1,
                "the ack in the viewer's Acknowledged panel");
        WebElement entry = viewerBrowser.driver.findElement(By.cssSelector("#acks .ack-entry[data-fp='" + fp + "']"));
        assertThat(entry.getText())
                .contains("acked for", "operator (Maria)", "un-acks it at")
                .doesNotContain("Unack");

        clock.advance(Duration.ofMinutes(2));
        operator.waitFor(d -> !operator.waitForCard(fp).getText().contains("Acked"), "the relay to take the ack back");
        viewer.waitFor(
                d -> d.findElements(By.cssSelector("#acks .ack-entry[data-fp='" + fp + "']"))
                        .isEmpty(),
                "the ack to leave the Acknowledged panel");
        viewer.byId("acks-button").click();
    }

    @Test
    void whatNobodyOwnsComesFirstAndOwnedAlertsSayWhoOwnsThem() throws Exception {
        for (String i : new String[] {"a", "b", "c"}) {
            relay.push("[{\"labels\":{\"alertname\":\"OwnTest\",\"severity\":\"critical\",\"instance\":\"" + i
                    + "\"},\"annotations\":{\"summary\":\"down\",\"runbook_url\":\"https://runbooks.example/own\","
                    + "\"dashboardURL\":\"javascript:alert(1)\"},\"generatorURL\":\"http://prometheus:9090/graph\"}]");
        }
        String a = WallPage.fingerprint("alertname", "OwnTest", "severity", "critical", "instance", "a");
        String b = WallPage.fingerprint("alertname", "OwnTest", "severity", "critical", "instance", "b");
        String c = WallPage.fingerprint("alertname", "OwnTest", "severity", "critical", "instance", "c");
        // c is the newest, and acked: it goes after the two nobody owns
        relay.http("POST", "/api/alerts/" + c + "/ack", TestRelay.OPERATOR, "{\"comment\":\"on it\"}");
        String silence = JSON.readTree(relay.http(
                                "POST",
                                "/api/silences",
                                TestRelay.OPERATOR,
                                "{\"matchers\":[\"alertname=OwnTest\",\"instance=a\"],\"endsAt\":\""
                                        + Instant.now().plus(Duration.ofHours(3)) + "\",\"comment\":\"known\"}")
                        .body())
                .path("id")
                .asText();
        operator.browser.driver.get(
                relay.base() + "/?silenced=1&m=" + URLEncoder.encode("alertname=\"OwnTest\"", StandardCharsets.UTF_8));
        operator.waitLive();
        operator.waitFor(d -> operator.byId("counts").getText().contains("1 critical"), "the counts");
        assertThat(operator.byId("counts").getText())
                .as("one unowned critical, the acked one apart, the silenced one not at all")
                .contains("1 critical", "1 acked")
                .doesNotContain("3 critical", "2 critical");
        java.util.List<String> order =
                operator.cards().stream().map(e -> e.getAttribute("data-fp")).toList();
        assertThat(order).containsExactly(b, c, a);
        assertThat(operator.waitForCard(c).getAttribute("class")).contains("acked");

        WebElement runbook = operator.waitForCard(b).findElement(By.cssSelector(".links a"));
        assertThat(runbook.getText()).contains("Runbook");
        assertThat(runbook.getAttribute("href")).isEqualTo("https://runbooks.example/own");
        List<WebElement> links = operator.waitForCard(b).findElements(By.cssSelector(".links a"));
        assertThat(links).as("runbook and source; a javascript: URL is no link").hasSize(2);
        assertThat(links.get(1).getText()).contains("Source");
        assertThat(links.get(1).getAttribute("href")).isEqualTo("http://prometheus:9090/graph");

        WebElement silenced = operator.waitForCard(a);
        assertThat(operator.browser.driver.findElements(
                        By.cssSelector("#wall section.suppressed-section article.card[data-fp='" + a + "']")))
                .as("the silenced alert in the muted section of its own")
                .hasSize(1);
        assertThat(silenced.getText()).contains("Silenced", "left").doesNotContain("until");
        assertThat(silenced.findElement(By.cssSelector(".silence-line .time-left"))
                        .getAttribute("aria-label"))
                .as("a time-left bar")
                .endsWith("left");
        assertThat(silenced.findElements(By.cssSelector("button[data-action='ack'], button[data-action='silence']")))
                .as("no Ack or Silence on a silenced card")
                .isEmpty();
        assertThat(silenced.findElements(By.cssSelector("button[data-silence='" + silence + "']")))
                .hasSize(1);
        operator.browser.driver.get(relay.base() + "/");
        operator.waitLive();
    }

    String focused(WallPage page) {
        return (String) page.browser.js("return document.activeElement?.dataset?.fp || ''");
    }

    @Test
    void theKeyboardMovesAFocusActsOnItAndLabelChipsFilter() {
        for (String i : new String[] {"k1", "k2"}) push("KeyTest", i);
        String k1 = fp("KeyTest", "k1");
        String k2 = fp("KeyTest", "k2");
        operator.browser.driver.get(
                relay.base() + "/?m=" + URLEncoder.encode("alertname=\"KeyTest\"", StandardCharsets.UTF_8));
        operator.waitLive();
        operator.waitForCard(k2);
        java.util.List<String> order =
                operator.cards().stream().map(e -> e.getAttribute("data-fp")).toList();
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(opBrowser.driver);
        // the first Tab reaches the skip link, which leads to the alerts
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(opBrowser.driver.switchTo().activeElement().getText()).contains("Skip to the alerts");
        keys.sendKeys("j").perform();
        assertThat(focused(operator)).isEqualTo(order.get(0));
        keys.sendKeys("j").perform();
        assertThat(focused(operator)).isEqualTo(order.get(1));
        keys.sendKeys("k").perform();
        assertThat(focused(operator)).isEqualTo(order.get(0));

        keys.sendKeys("a").perform();
        WebElement ack = dialog(operator, "ack-dialog");
        ack.findElement(By.name("comment")).sendKeys("keyboard ack");
        ack.findElement(By.cssSelector("button.primary")).click();
        operator.waitFor(
                d -> operator.waitForCard(order.get(0)).getText().contains("keyboard ack"), "the ack from the keys");

        keys.sendKeys("?").perform();
        WebElement help = dialog(operator, "keys-dialog");
        assertThat(help.getText()).contains("move between alerts", "silence the alert in focus");
        keys.sendKeys(org.openqa.selenium.Keys.ESCAPE).perform();
        operator.wait(WallPage.WAIT).until(ExpectedConditions.invisibilityOf(help));

        // Alt+click on a label chip hides the alerts with that label
        operator.click(k2, "labels");
        WebElement chip = operator.waitForCard(k2).findElement(By.cssSelector(".labels li[data-label='instance']"));
        keys.keyDown(org.openqa.selenium.Keys.ALT)
                .click(chip)
                .keyUp(org.openqa.selenium.Keys.ALT)
                .perform();
        operator.waitForNoCard(k2);
        assertThat(operator.hasCard(k1)).isTrue();
        assertThat(operator.browser.driver.getCurrentUrl()).contains("instance%21%3D%22k2%22");
        operator.browser.driver.get(relay.base() + "/");
        operator.waitLive();
    }
}
