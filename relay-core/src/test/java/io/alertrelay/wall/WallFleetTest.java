package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The wall at fleet scale in Chromium: grouped, the group whose worst alert nobody owns comes first, in reading
 * order; a group folds to its counts and says its shared labels once; the compact density puts one alert on one
 * line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallFleetTest {

    TestRelay relay;
    Chromium browser;
    WallPage wall;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(Files.createTempDirectory("wall-fleet-"));
        browser = Chromium.shared(1600, 1000);
        wall = new WallPage(browser, relay.base())
                .signInByLink(TestRelay.OPERATOR, "group=instance")
                .waitLive();
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (relay != null) relay.close();
    }

    void push(String name, String severity, String instance) {
        relay.push("[{\"labels\":{\"alertname\":\"" + name + "\",\"severity\":\"" + severity + "\",\"instance\":\""
                + instance + "\",\"env\":\"prod\",\"job\":\"node\"},\"annotations\":{\"summary\":\"" + name
                + " on " + instance + ", a summary long enough to need more than one line on a narrow card\"}}]");
    }

    @SuppressWarnings("unchecked")
    List<String> groupOrder() {
        return (List<String>)
                browser.js("return [...document.querySelectorAll('#wall section.group')].map(e => e.dataset.group)");
    }

    @Test
    void worstUnownedGroupsFirstFoldableWithSharedLabelsAndACompactDensity() {
        // web-1: one critical, acked; web-2: warnings only; web-3: four criticals nobody owns; web-4: one
        push("DiskFull", "critical", "web-1");
        for (String n : List.of("CpuHigh", "MemHigh")) push(n, "warning", "web-2");
        for (String n : List.of("Down", "DiskFull", "Ntp", "Raid")) push(n, "critical", "web-3");
        push("Down", "critical", "web-4");
        String acked = WallPage.fingerprint(
                "alertname", "DiskFull", "severity", "critical", "instance", "web-1", "env", "prod", "job", "node");
        relay.http("POST", "/api/alerts/" + acked + "/ack", TestRelay.OPERATOR, "{\"comment\":\"on it\"}");
        wall.waitFor(d -> groupOrder().size() == 4, "four groups");
        wall.waitFor(
                d -> groupOrder().equals(List.of("web-3", "web-4", "web-2", "web-1")),
                "groups worst unowned first, it is " + groupOrder());
        WebElement web3 = browser.driver.findElement(By.cssSelector("#wall section.group[data-group='web-3']"));
        assertThat(web3.findElement(By.cssSelector(".group-title")).getText()).contains("4 critical");
        assertThat(web3.findElement(By.cssSelector(".group-shared")).getText()).contains("env=prod", "job=node");
        WebElement web1 = browser.driver.findElement(By.cssSelector("#wall section.group[data-group='web-1']"));
        assertThat(web1.findElement(By.cssSelector(".group-title")).getText()).contains("1 acked");
        // web-2 and web-4 sit side by side: reading order across the width, not down a column
        WebElement web2 = browser.driver.findElement(By.cssSelector("#wall section.group[data-group='web-2']"));
        WebElement web4 = browser.driver.findElement(By.cssSelector("#wall section.group[data-group='web-4']"));
        assertThat(web2.getRect().getY()).isEqualTo(web4.getRect().getY());
        assertThat(web2.getRect().getX()).isGreaterThan(web4.getRect().getX());

        web3.findElement(By.cssSelector(".group-title")).click();
        wall.waitFor(d -> web3.findElements(By.cssSelector("article.card")).isEmpty(), "web-3 folded");
        assertThat(web3.findElement(By.cssSelector(".group-title")).getText()).contains("4 critical");
        web3.findElement(By.cssSelector(".group-title")).click();
        wall.waitFor(d -> web3.findElements(By.cssSelector("article.card")).size() == 4, "web-3 unfolded");

        int comfortable =
                web3.findElement(By.cssSelector("article.card")).getRect().getHeight();
        wall.byId("settings-button").click();
        new org.openqa.selenium.support.ui.Select(wall.byId("density")).selectByValue("compact");
        int compact = web3.findElement(By.cssSelector("article.card")).getRect().getHeight();
        assertThat(compact).as("one line per alert").isLessThan(48).isLessThan(comfortable / 2);
        new org.openqa.selenium.support.ui.Select(wall.byId("density")).selectByValue("comfortable");
        wall.byId("settings-button").click();

        // "silence like this" for a whole group: its label and shared labels as chips, one unticked
        web3.findElement(By.cssSelector("button[data-action='silence-group']")).click();
        WebElement form = wall.wait(WallPage.WAIT)
                .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(
                        By.id("silence-dialog")));
        assertThat(form.findElement(By.name("matchers")).getAttribute("value"))
                .isEqualTo("instance=\"web-3\", env=\"prod\", job=\"node\", severity=\"critical\"");
        List<WebElement> chips = form.findElements(By.cssSelector(".matcher-chip input"));
        assertThat(chips).hasSize(4);
        wall.waitFor(d -> form.getText().contains("Matches 4 firing alerts now"), "the group's four alerts");
        chips.get(2).click(); // job="node" off
        form.findElement(By.name("comment")).sendKeys("web-3 is being rebuilt");
        form.findElement(By.cssSelector("button.primary")).click();
        // the group goes with its alerts (its element with it: read the groups by script, not by element)
        wall.waitFor(d -> !groupOrder().contains("web-3"), "web-3 silenced, its group gone");
        String silences =
                relay.http("GET", "/api/silences", TestRelay.VIEWER, null).body();
        assertThat(silences)
                .contains("instance=\\\"web-3\\\"", "env=\\\"prod\\\"")
                .doesNotContain("job=");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void severityReadsWithoutColourWallModeSaysWhatIsBelowAndPhonesFoldTheFilters() {
        for (int i = 0; i < 40; i++) push("Fleet" + i, i % 3 == 0 ? "critical" : "warning", "db-" + i);
        browser.driver.get(relay.base() + "/?wall=1");
        wall.waitLive();
        browser.resize(1280, 720);
        wall.waitFor(d -> wall.cards().size() >= 40, "the fleet on the wall");
        // under achromatopsia (no colour at all) a critical card's edge is still twice a warning's
        browser.driver.executeCdpCommand(
                "Emulation.setEmulatedVisionDeficiency", java.util.Map.of("type", "achromatopsia"));
        double critical = edge("critical");
        double warning = edge("warning");
        assertThat(critical).isGreaterThanOrEqualTo(2 * warning);
        System.out.println("screenshot: " + browser.screenshot("wall-achromatopsia"));
        // under deuteranopia the critical and warning tints converge: the edge, the icon and the word remain
        browser.driver.executeCdpCommand(
                "Emulation.setEmulatedVisionDeficiency", java.util.Map.of("type", "deuteranopia"));
        System.out.println("screenshot: " + browser.screenshot("wall-deuteranopia"));
        browser.driver.executeCdpCommand("Emulation.setEmulatedVisionDeficiency", java.util.Map.of("type", "none"));

        WebElement more = wall.byId("more-below");
        wall.waitFor(d -> more.isDisplayed() && more.getText().matches("\\d+ more below · 1/\\d+"), "the badge");

        browser.driver.get(relay.base() + "/");
        browser.resize(390, 844);
        wall.waitLive();
        assertThat(wall.byId("filters").isDisplayed())
                .as("filters folded on a phone")
                .isFalse();
        wall.byId("filters-button").click();
        assertThat(wall.byId("filters").isDisplayed()).isTrue();
        browser.resize(1600, 1000);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void firingForIsInTheSamePlaceOnEveryCardAndNamesAreNotCutShortOnNarrowCards() {
        for (String n : List.of("Up", "MemoryHighWatermark", "DiskFull", "ReplicationLagTooHigh"))
            push(n, "warning", "lap-1");
        for (int[] size : new int[][] {{1366, 768}, {390, 844}, {2560, 1440}}) {
            browser.resize(size[0], size[1]);
            browser.driver.get(relay.base() + "/?m="
                    + java.net.URLEncoder.encode("instance=\"lap-1\"", java.nio.charset.StandardCharsets.UTF_8));
            wall.waitLive();
            wall.waitFor(d -> wall.cards().size() == 4, "the four cards");
            // where "firing for" sits (how far under the name, how far from the card's right edge), and whether
            // each name shows whole
            @SuppressWarnings("unchecked")
            List<String> places = (List<String>) browser.js("return [...document.querySelectorAll('#wall"
                    + " article.card')].map(c => { const t = c.querySelector('.card-head > time.since')"
                    + ".getBoundingClientRect(), r = c.getBoundingClientRect(), n = c.querySelector('.card-head >"
                    + " .name').getBoundingClientRect(); return Math.round(t.top - n.bottom) + '/'"
                    + " + Math.round(r.right - t.right); })");
            assertThat(places).as("at %dpx", size[0]).hasSize(4).containsOnly(places.get(0));
            @SuppressWarnings("unchecked")
            List<Boolean> cut = (List<Boolean>) browser.js("return [...document.querySelectorAll('#wall"
                    + " article.card .card-head > .name')].map(n => n.scrollWidth > n.clientWidth + 1)");
            assertThat(cut).as("a name cut short at %dpx", size[0]).containsOnly(false);
        }
        browser.resize(1600, 1000);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    double edge(String severity) {
        return ((Number) browser.js("return parseFloat(getComputedStyle(document.querySelector("
                        + "'#wall article.card.sev-" + severity + "')).borderLeftWidth)"))
                .doubleValue();
    }
}
