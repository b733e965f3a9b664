package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall says "live" only once what the relay holds is drawn: between the socket opening and the snapshot
 * on the page it says "loading…", so an empty wall never reads as all clear. Watched from inside the page by
 * a MutationObserver installed before the page's own scripts run, which notes, at each change of the
 * connection state, how many cards were on the page at that moment.
 */
class WallLoadingTest {

    static final int ALERTS = 400;

    /** Runs before any script of the page: records every state the connection shows and the cards present. */
    static final String OBSERVER = """
            window.__states = [];
            new MutationObserver(records => {
              for (const r of records) {
                if (r.target.id !== 'conn' || r.attributeName !== 'data-state') continue;
                window.__states.push({state: r.target.dataset.state,
                  cards: document.querySelectorAll('#wall article.card').length,
                  text: r.target.textContent});
              }
            }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
            """;

    @TempDir
    Path dataDir;

    @Test
    void theWallSaysLoadingUntilTheSnapshotIsDrawnAndLiveOnlyWithEveryCardOnThePage() {
        try (TestRelay relay = TestRelay.start(dataDir);
                Chromium browser = Chromium.shared(1400, 900)) {
            StringJoiner all = new StringJoiner(",", "[", "]");
            for (int i = 0; i < ALERTS; i++) {
                all.add("{\"labels\":{\"alertname\":\"Loading" + i + "\",\"severity\":\"warning\",\"instance\":\"vps-"
                        + i + "\"},\"annotations\":{\"summary\":\"alert " + i + " of " + ALERTS + "\"}}");
            }
            relay.push(all.toString());
            Map<String, Object> added = browser.driver.executeCdpCommand(
                    "Page.addScriptToEvaluateOnNewDocument", Map.of("source", OBSERVER));
            try {
                WallPage page = new WallPage(browser, relay.base())
                        .signInByLink(TestRelay.VIEWER, null)
                        .waitLive();
                List<Map<String, Object>> states = states(browser);
                System.out.println("wall: connection states on first load " + states);
                assertThat(states).extracting(s -> s.get("state")).containsSubsequence("loading", "live");
                assertThat(states)
                        .filteredOn(s -> "loading".equals(s.get("state")))
                        .allSatisfy(s -> assertThat(s.get("text")).isEqualTo("loading…"));
                assertThat(states)
                        .filteredOn(s -> "live".equals(s.get("state")))
                        .as("every time the wall said live, all %d cards were on the page", ALERTS)
                        .allSatisfy(s ->
                                assertThat(((Number) s.get("cards")).intValue()).isEqualTo(ALERTS));

                // a reload (a resume would replay nothing here: a fresh page has no epoch): the same again
                browser.driver.navigate().refresh();
                page.waitLive();
                states = states(browser);
                System.out.println("wall: connection states after a reload " + states);
                assertThat(states).extracting(s -> s.get("state")).containsSubsequence("loading", "live");
                assertThat(states)
                        .filteredOn(s -> "live".equals(s.get("state")))
                        .allSatisfy(s ->
                                assertThat(((Number) s.get("cards")).intValue()).isEqualTo(ALERTS));
                assertThat(page.cards()).hasSize(ALERTS);
            } finally {
                browser.driver.executeCdpCommand(
                        "Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added.get("identifier")));
            }
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> states(Chromium browser) {
        return (List<Map<String, Object>>) browser.js("return window.__states");
    }
}
