package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters and silences whose regexes backtrack catastrophically on the alerts that arrive: they run under the
 * pipeline's lock on every fan-out, so without a bound one viewer could stall every client. They match nothing
 * instead, and everyone else is served.
 */
@ExtendWith(BadInputTally.class)
class RegexBombTest {

    static final List<String> BOMBS = List.of("instance=~\"(.*a){12}\"", "instance!~\"(.*a){12}\"",
            "instance=~\"(.*a|.*b){20}x\"", "instance=~\"(.*.*a){10}\"");

    @TempDir
    Path dataDir;
    TestRelay relay;
    Bystanders bystanders;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir);
        bystanders = Bystanders.start(relay);
    }

    @AfterEach
    void stop() {
        bystanders.close();
        relay.close();
    }

    @Test
    void backtrackingFiltersAndSilencesMatchNothingAndStallNoOne() {
        int sent = 0;
        for (String bomb : BOMBS) {
            relay.subscribed(TestRelay.VIEWER, bomb);
            sent++;
        }
        WsTestClient plain = relay.subscribed(TestRelay.VIEWER, "alertname=\"Bomb\"");
        for (String bomb : BOMBS) {
            assertThat(relay.http("POST", "/api/silences", TestRelay.OPERATOR, "{\"matchers\":[\"alertname=Bomb\",\""
                    + bomb.replace("\"", "\\\"") + "\"],\"endsAt\":\"2099-01-01T00:00:00Z\"}").statusCode()).isEqualTo(201);
            sent++;
        }
        for (int i = 0; i < 20; i++) {
            relay.push(Frames.alert("Bomb", "instance", "a".repeat(40) + "!" + i));
            // the viewer with a plain filter gets each one, unsilenced
            assertThat(plain.next("alert").path("alert").path("silencedBy")).isEmpty();
        }
        String metrics = relay.http("GET", "/metrics", null, null).body();
        assertThat(metrics).containsPattern("relay_matcher_budget_exceeded_total [1-9]");
        BadInputTally.sent("ws+http: catastrophic regexes in filters and silences", "match nothing; others served", sent);
        bystanders.proveNothingLost();
    }
}
