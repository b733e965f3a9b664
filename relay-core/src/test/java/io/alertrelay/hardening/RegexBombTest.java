package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Filters and silences whose regexes would backtrack catastrophically (in a backtracking engine) on the alerts that
 * arrive: they run under the pipeline's lock on every fan-out. RE2 gives them the right answer at once (here: they
 * do not match), nothing runs into the filter budget, and everyone else is served.
 */
@ExtendWith(BadInputTally.class)
class RegexBombTest extends BystandedTest {

    static final List<String> BOMBS = List.of(
            "instance=~\"(.*a){12}\"",
            "instance!~\"(.*a){12}\"",
            "instance=~\"(.*a|.*b){20}x\"",
            "instance=~\"(.*.*a){10}\"");

    @BeforeEach
    void start() {
        serve();
    }

    @Test
    void backtrackingShapesMatchCorrectlyAndStallNoOne() {
        long overBudgetAtStart = io.alertrelay.alert.MatchDeadline.overBudget();
        int sent = 0;
        List<WsTestClient> bombed = new java.util.ArrayList<>();
        for (String bomb : BOMBS) {
            bombed.add(relay.subscribed(TestRelay.VIEWER, bomb));
            sent++;
        }
        WsTestClient plain = relay.subscribed(TestRelay.VIEWER, "alertname=\"Bomb\"");
        List<String> silenceIds = new java.util.ArrayList<>();
        for (String bomb : BOMBS) {
            var created = relay.http(
                    "POST",
                    "/api/silences",
                    TestRelay.OPERATOR,
                    "{\"matchers\":[\"alertname=Bomb\",\"" + bomb.replace("\"", "\\\"")
                            + "\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            silenceIds.add(created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
            sent++;
        }
        for (int i = 0; i < 20; i++) {
            relay.push(Frames.alert("Bomb", "instance", "a".repeat(40) + "!" + i));
            // the viewer with a plain filter gets each one, silenced by the one silence that matches it
            assertThat(plain.next("alert").path("alert").path("silencedBy").toString())
                    .isEqualTo("[\"" + silenceIds.get(1) + "\"]");
        }
        // RE2's answers: "instance!~(.*a){12}" holds for every one of them, the others for none
        assertThat(bombed.get(1)
                        .next(f -> f.path("alert")
                                .path("labels")
                                .path("alertname")
                                .asText()
                                .equals("Bomb"))
                        .path("alert")
                        .path("labels")
                        .path("instance")
                        .asText())
                .endsWith("!0");
        for (WsTestClient c : List.of(bombed.get(0), bombed.get(2), bombed.get(3))) {
            assertThat(c.pending())
                    .as("alerts for a filter that matches none of them")
                    .noneMatch(f -> f.path("type").asText().equals("alert"));
        }
        bombed.forEach(c -> assertThat(c.closed).isNotDone());
        // the counter is per process, and other tests in this JVM may have moved it: compare with the start
        assertThat(io.alertrelay.alert.MatchDeadline.overBudget())
                .as("filters or silences stopped by the budget")
                .isEqualTo(overBudgetAtStart);
        BadInputTally.sent(
                "ws+http: catastrophic regexes in filters and silences", "right answers; others served", sent);
        bystanders.proveNothingLost();
    }
}
