package io.alertrelay.wall;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Chromium;
import io.alertrelay.testing.TestRelay;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;

/**
 * The wall's regex matchers in real Chromium: RE2 (the vendored RE2JS), as in the relay, so a hostile {@code ?m=}
 * costs the tab nothing, a regex the relay would refuse for size is refused with the same reason, and an ordinary
 * one selects exactly what the relay's {@code ?filter=} selects. Before RE2 the first test froze the tab: with
 * {@code (A+)+B} against 40 'A's a backtracking RegExp does not return in any time a person would wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WallRegexTest {

    static final String NAME = "RegexBomb";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Values a backtracking engine explores 2^n ways before it can say "no". */
    static final String A40 = "A".repeat(40);

    static final String A50 = "A".repeat(50);
    static final List<String> INSTANCES = List.of(A40, A50, "vps-01", "vps-02", "db-1");
    static final Map<String, String> SEVERITY =
            Map.of(A40, "critical", A50, "warning", "vps-01", "critical", "vps-02", "info", "db-1", "error");

    TestRelay relay;
    Chromium browser;
    WallPage page;

    @BeforeAll
    void start() throws Exception {
        relay = TestRelay.start(Files.createTempDirectory("wall-regex-"));
        // a browser of its own: should a tab hang after all, the shared one stays usable for the other classes
        browser = Chromium.start(1280, 800);
        page = new WallPage(browser, relay.base())
                .signInByLink(TestRelay.VIEWER, null)
                .waitLive();
        for (String instance : INSTANCES) {
            relay.push("[{\"labels\":{\"alertname\":\"" + NAME + "\",\"severity\":\"" + SEVERITY.get(instance)
                    + "\",\"instance\":\"" + instance + "\",\"path\":\"" + "a".repeat(40) + "\"}}]");
        }
        page.waitForCard(fp(A40));
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (relay != null) relay.close();
    }

    @AfterEach
    void noConsoleErrors() {
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    }

    static String fp(String instance) {
        return WallPage.fingerprint(
                "alertname", NAME, "severity", SEVERITY.get(instance), "instance", instance, "path", "a".repeat(40));
    }

    static Set<String> fps(String... instances) {
        Set<String> out = new TreeSet<>();
        for (String i : instances) out.add(fp(i));
        return out;
    }

    @SuppressWarnings("unchecked")
    Set<String> shown() {
        return new TreeSet<>((List<String>)
                browser.js("return [...document.querySelectorAll('#wall article.card')].map(c => c.dataset.fp)"));
    }

    /** Opens the wall with these matchers (and alertname=NAME) in its URL, as a shared link would. */
    long open(String matchers) {
        long t0 = System.nanoTime();
        String m = "alertname=\"" + NAME + "\", " + matchers;
        browser.driver.get(relay.base() + "/?m=" + URLEncoder.encode(m, StandardCharsets.UTF_8));
        page.waitLive();
        return t0;
    }

    /** How long the page takes to run a trivial script: a tab busy matching takes as long as the match. */
    long pingMillis() {
        long t0 = System.nanoTime();
        assertThat(browser.js("return 1 + 1")).isEqualTo(2L);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void hostileRegexesInTheUrlLeaveTheTabResponsiveAndFilterRight() {
        String emptyGroups = "(?:|)".repeat(30) + "a";
        // matcher -> the instances whose cards must show; the long values go through each hostile pattern in full
        Set<String> all = fps(INSTANCES.toArray(String[]::new));
        Map<String, Set<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("instance!~\"(A+)+B\"", all);
        cases.put("instance=~\"(A+)+B|vps-.*\"", fps("vps-01", "vps-02"));
        cases.put("instance!~\"(A|A)*B\"", all);
        cases.put("instance!~\"(A|)*B\"", all);
        cases.put("instance!~\"((((((A*)*)*)*)*)*)B\"", all);
        cases.put("path=~\"(a|aa)+\", instance=~\"(A|AA)+\"", fps(A40, A50));
        cases.put("path!~\"(a*)*b\", instance=~\"(A+)+\"", fps(A40, A50));
        // the relay's own attack: the label is absent, so this reads "" and backtracks 2^30 times
        cases.put("nolabel!~\"" + emptyGroups + "\"", all);
        for (var c : cases.entrySet()) {
            long t0 = open(c.getKey());
            page.waitFor(d -> shown().equals(c.getValue()), "the cards for " + c.getKey());
            long onScreen = (System.nanoTime() - t0) / 1_000_000;
            long ping = pingMillis();
            System.out.printf(
                    "wall regex: %-45s cards on screen %4d ms after the URL, then a script in %3d ms%n",
                    c.getKey(), onScreen, ping);
            assertThat(ping).as("a script on the page after " + c.getKey()).isLessThan(1000);
            assertThat(page.byId("matcher-error").isDisplayed())
                    .as("no matcher error")
                    .isFalse();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMatchCostsTimeInTheValuesLengthNotInThePatternsShape() {
        List<String> patterns = List.of(
                "(A+)+B",
                "(A|A)*B",
                "(A|)*B",
                "((((((A*)*)*)*)*)*)B",
                "(.*A){12}B",
                "(?:|)".repeat(30) + "B",
                ".*".repeat(480));
        // the wall's own module in the page's engine, on values of 50 and 5,000 'A's: per match, in ms
        Map<String, Number> ms = (Map<String, Number>) browser.driver.executeAsyncScript("""
                const [patterns, done] = arguments;
                import('/js/matchers.js').then(({parseMatchers, matchesAll}) => {
                  const out = {};
                  for (const p of patterns) {
                    const m = parseMatchers(`instance=~"${p}"`).matchers;
                    for (const n of [50, 5000]) {
                      const alert = {labels: {instance: 'A'.repeat(n)}, severity: 'warning'};
                      const reps = n === 50 ? 200 : 10;
                      const t0 = performance.now();
                      for (let i = 0; i < reps; i++) matchesAll(m, alert);
                      out[`${p.length > 40 ? p.slice(0, 37) + '...' : p} on ${n}`] = (performance.now() - t0) / reps;
                    }
                  }
                  done(out);
                });""", patterns);
        ms.forEach((k, v) -> System.out.printf("wall regex: a match of %-50s %8.3f ms%n", k, v.doubleValue()));
        assertThat(ms).hasSize(patterns.size() * 2);
        ms.forEach((k, v) -> assertThat(v.doubleValue()).as(k).isLessThan(k.endsWith(" on 50") ? 20 : 1000));
    }

    @Test
    void aHostileRegexTypedIntoTheFilterBoxIsAppliedWithoutAPause() {
        open("instance=~\"vps-.*\"");
        page.waitFor(d -> shown().equals(fps("vps-01", "vps-02")), "the vps cards");
        WebElement box = page.byId("matchers");
        box.clear();
        box.sendKeys("alertname=\"" + NAME + "\", instance!~\"(A+)+B\", instance=~\"(A|A)+\"");
        page.waitFor(d -> shown().equals(fps(A40, A50)), "the long-valued cards");
        assertThat(pingMillis()).isLessThan(1000);
        assertThat(browser.driver.getCurrentUrl()).contains("m=");
    }

    @Test
    void aRegexTooLargeForTheRelayIsRefusedWithTheReason() {
        open("instance=~\"" + ".*".repeat(600) + "\"");
        page.waitFor(d -> page.byId("matcher-error").isDisplayed(), "the matcher error");
        String error = page.byId("matcher-error").getText();
        assertThat(error)
                .startsWith("Matchers not applied: regex \".*.*")
                .contains("for instance is too large")
                .contains("it compiles to 1202 RE2 instructions, the relay allows 1000 (limits.maxRegexProgram");
        assertThat(error.length())
                .as("the message quotes the start of the value, not all of it")
                .isLessThan(400);
        // not applied: every alert of the wall shows, as with no matchers
        page.waitFor(d -> shown().containsAll(fps(INSTANCES.toArray(String[]::new))), "every card");
        assertThat(relayStatus("instance=~\"" + ".*".repeat(600) + "\""))
                .as("the relay refuses it too")
                .isEqualTo(400);

        // counted repeats that nest would build a billion instructions: refused before RE2 builds anything
        long t0 = open("instance=~\"((a{1000}){1000}){1000}\"");
        page.waitFor(
                d -> page.byId("matcher-error").getText().contains("would compile to over 40000 RE2"),
                "the error for nested counted repeats");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(10_000);
        assertThat(pingMillis()).isLessThan(1000);

        // RE2JS refuses these counts (their product passes 1000); RE2/J builds 1262 instructions: both too large
        open("instance=~\"(A{40}){30}\"");
        assertThat(page.byId("matcher-error").getText()).contains("for instance is too large");
        assertThat(relayStatus("instance=~\"(A{40}){30}\"")).isEqualTo(400);

        open("instance=~\"(?=A)A\"");
        assertThat(page.byId("matcher-error").getText())
                .contains("bad regex \"(?=A)A\" for instance: invalid or unsupported Perl syntax")
                .contains("no backreferences, lookaround");
        open("instance=~\"a)|(b\"");
        assertThat(page.byId("matcher-error").getText())
                .as("refused like the relay, not hidden by the anchoring")
                .contains("bad regex \"a)|(b\" for instance: unexpected )");
    }

    @Test
    void ordinaryRegexesSelectWhatTheRelaySelects() throws Exception {
        List<String> matchers = List.of(
                "instance=~\"vps-.*\"",
                "instance=~\"vps\"",
                "instance=~\"vps-0[12]\"",
                "instance=~\"db-1|vps-02\"",
                "instance!~\"vps-.*\"",
                "severity=~\"(?i)CRIT.*\"",
                "severity=~\"crit\"",
                "instance=~\"[[:alpha:]]+\"",
                "instance=~\"\\w+-\\d+\"",
                "instance=~\"A{40}\"",
                "instance=~\"(?i)a{50}\"",
                "nolabel=~\"\"",
                "nolabel=~\".+\"",
                "instance=~\".*1\"",
                "instance=~\"vps-0.|db-.\"");
        // first through the page itself, as a person would see it
        open("instance=~\"vps-0[12]\"");
        page.waitFor(d -> shown().equals(fps("vps-01", "vps-02")), "the vps cards");

        // then every matcher through the wall's own module, against the alerts the relay holds
        String alerts = relay.http(
                        "GET", "/api/alerts?filter=" + enc("alertname=\"" + NAME + "\""), TestRelay.VIEWER, null)
                .body();
        List<String> mismatches = new ArrayList<>();
        for (String m : matchers) {
            Set<String> relayFps = new TreeSet<>();
            for (JsonNode a : JSON.readTree(relayBody(m)))
                relayFps.add(a.get("fingerprint").asText());
            @SuppressWarnings("unchecked")
            List<String> wall = (List<String>) browser.driver.executeAsyncScript("""
                    const [text, alerts, done] = arguments;
                    import('/js/matchers.js').then(({parseMatchers, matchesAll}) => {
                      const p = parseMatchers(text);
                      done(p.error ? ['error: ' + p.error]
                          : JSON.parse(alerts).filter(a => matchesAll(p.matchers, a)).map(a => a.fingerprint));
                    });""", m, alerts);
            if (!new TreeSet<>(wall).equals(relayFps)) mismatches.add(m + ": wall " + wall + ", relay " + relayFps);
        }
        assertThat(mismatches).as("matchers the wall and the relay disagree on").isEmpty();
    }

    String relayBody(String matcher) {
        HttpResponse<String> r = relay.http(
                "GET",
                "/api/alerts?filter=" + enc("alertname=\"" + NAME + "\"") + "&filter=" + enc(matcher),
                TestRelay.VIEWER,
                null);
        assertThat(r.statusCode()).as(matcher + " at the relay: " + r.body()).isEqualTo(200);
        return r.body();
    }

    int relayStatus(String matcher) {
        return relay.http("GET", "/api/alerts?filter=" + enc(matcher), TestRelay.VIEWER, null)
                .statusCode();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
