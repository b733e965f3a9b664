package io.alertrelay.http;

import static io.alertrelay.testing.AmOpenApi.assertValid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert's generatorURL (Prometheus's link to the rule's graph) travels with it: over the WebSocket and REST,
 * through Alertmanager's API, across a restart; a push without one keeps it; a bad one is refused with the fix.
 */
class GeneratorUrlTest {

    static final String GRAPH = "http://prometheus:9090/graph?g0.expr=up%20%3D%3D%200&g0.tab=1";

    @TempDir
    Path dataDir;

    static String alert(String generatorURL) {
        return "[{\"labels\":{\"alertname\":\"TargetDown\",\"instance\":\"vps-01\"}"
                + (generatorURL == null ? "" : ",\"generatorURL\":\"" + generatorURL + "\"") + "}]";
    }

    static JsonNode only(TestRelay relay) {
        return RestApiTest.json(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null))
                .get(0);
    }

    @Test
    void theLinkTravelsWithTheAlertAndSurvivesARestart() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
                WsTestClient wall = relay.subscribed(TestRelay.VIEWER)) {
            relay.push(alert(GRAPH));
            JsonNode frame = wall.next(f -> "alert".equals(f.path("type").asText()));
            assertThat(frame.path("alert").path("generatorURL").asText()).isEqualTo(GRAPH);
            assertThat(only(relay).path("generatorURL").asText()).isEqualTo(GRAPH);
            JsonNode am = assertValid("GET", "/alerts", relay.http("GET", "/api/v2/alerts", TestRelay.VIEWER, null));
            assertThat(am.get(0).path("generatorURL").asText()).isEqualTo(GRAPH);
            // a re-send without one (amtool sends "") keeps the link
            relay.push(alert(""));
            relay.push(alert(null));
            assertThat(only(relay).path("generatorURL").asText()).isEqualTo(GRAPH);
        }
        try (TestRelay again = TestRelay.start(dataDir)) {
            assertThat(only(again).path("generatorURL").asText()).isEqualTo(GRAPH);
        }
    }

    @Test
    void anAlertWithoutOneHasNoFieldAndABadOneIsRefusedWithTheFix() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            relay.push("[{\"labels\":{\"alertname\":\"NoLink\"}}]");
            assertThat(only(relay).has("generatorURL")).isFalse();
            for (String bad :
                    new String[] {"javascript:alert(1)", "not a url", "ftp://host/x", "http://" + "a".repeat(2100)}) {
                HttpResponse<String> r = relay.http("POST", "/api/v2/alerts", TestRelay.INGEST, alert(bad));
                assertThat(r.statusCode()).as(bad).isEqualTo(400);
                assertThat(r.body()).contains("generatorURL", "http(s) address");
            }
        }
    }
}
