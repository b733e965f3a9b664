package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RE2 is linear, not free: 32 regexes of the largest size allowed, each keeping every instruction live, cost about
 * a second each on a 64 KiB label. The filter budget stops them after limits.filterBudget: that session is closed
 * with 1008 saying why, a light regex filter and a plain one are served, and the push is answered at once.
 */
class FilterBudgetTest {

    @TempDir
    Path dataDir;

    @Test
    void theHeaviestRegexFilterIsClosedWithinTheBudgetAndTheOthersAreServed() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            WsTestClient plain = relay.subscribed(TestRelay.VIEWER, "alertname=\"Long\"");
            WsTestClient light = relay.subscribed(TestRelay.VIEWER, "alertname=~\"Lo.g\"");
            String heavyRegex = "aaa=~\"" + ".*".repeat(480) + "b\"";
            WsTestClient heavy = relay.subscribed(
                    TestRelay.VIEWER, Collections.nCopies(32, heavyRegex).toArray(String[]::new));

            long started = System.nanoTime();
            relay.push(Frames.alert("Long", "aaa", "a".repeat(65_536)));
            long answeredMs = (System.nanoTime() - started) / 1_000_000;
            plain.next("alert");
            light.next("alert");
            long deliveredMs = (System.nanoTime() - started) / 1_000_000;

            WsTestClient.Close close = heavy.awaitClose();
            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.reason()).startsWith("filter-too-expensive").contains("limits.filterBudget");
            // without the budget this push would hold the lock for about half a minute
            assertThat(answeredMs).as("ms until the push was answered").isLessThan(1_000);
            assertThat(deliveredMs).as("ms until the others received it").isLessThan(1_000);
            assertThat(light.closed).isNotDone();
            assertThat(relay.http("GET", "/metrics", null, null).body())
                    .containsPattern("relay_matcher_budget_exceeded_total [1-9]");
            System.out.printf(
                    "FilterBudgetTest: push answered in %d ms, delivered in %d ms%n", answeredMs, deliveredMs);
        }
    }
}
