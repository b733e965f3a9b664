package io.alertrelay.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.alert.Fingerprint;
import io.alertrelay.testing.TestRelay;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/history} on a running relay: what an ack and a resolve leave behind, roles, bad queries. */
class HistoryApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    JsonNode get(String pathAndQuery, String token, int status) throws Exception {
        HttpResponse<String> r = relay.http("GET", pathAndQuery, token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    @Test
    void aResolvedAlertIsListedWithWhoAckedItAndWhen() throws Exception {
        relay.push("[{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"vps-01\",\"severity\":\"critical\"},"
                + "\"annotations\":{\"summary\":\"Disk / is 96% full\"}}]");
        String fp = Fingerprint.of(Map.of("alertname", "DiskFull", "instance", "vps-01", "severity", "critical"));
        assertThat(relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"on it\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(get("/api/history", TestRelay.VIEWER, 200).path("entries")).isEmpty();

        relay.push("[{\"labels\":{\"alertname\":\"DiskFull\",\"instance\":\"vps-01\",\"severity\":\"critical\"},"
                + "\"endsAt\":\"" + Instant.now().minusSeconds(1) + "\"}]");
        JsonNode body = get("/api/history", TestRelay.VIEWER, 200);
        assertThat(body.path("capacity").asInt()).isEqualTo(HistoryRecorder.DEFAULT_CAPACITY);
        JsonNode e = body.path("entries").get(0);
        assertThat(e.path("fingerprint").asText()).isEqualTo(fp);
        assertThat(e.path("annotations").path("summary").asText()).isEqualTo("Disk / is 96% full");
        assertThat(e.path("ack").path("by").asText()).isEqualTo("operator");
        assertThat(e.path("resolvedAt").isTextual()).isTrue();
        assertThat(e.path("events").get(1).path("type").asText()).isEqualTo("acked");
        assertThat(e.path("events").get(1).path("comment").asText()).isEqualTo("on it");
        assertThat(e.path("events").get(2).path("type").asText()).isEqualTo("resolved");

        assertThat(get("/api/history?filter=instance%3Dvps-02", TestRelay.VIEWER, 200)
                        .path("entries"))
                .isEmpty();
        assertThat(get("/api/history?limit=1&filter=instance%3Dvps-01", TestRelay.VIEWER, 200)
                        .path("entries"))
                .hasSize(1);
    }

    @Test
    void historyNeedsAReadingTokenAndSaneQueries() throws Exception {
        assertThat(get("/api/history", null, 401).path("error").asText()).isEqualTo("unauthorized");
        assertThat(get("/api/history", TestRelay.INGEST, 403).path("error").asText())
                .isEqualTo("forbidden");
        assertThat(get("/api/history?limit=0", TestRelay.VIEWER, 400)
                        .path("error")
                        .asText())
                .isEqualTo("bad-limit");
        assertThat(get("/api/history?limit=lots", TestRelay.VIEWER, 400)
                        .path("message")
                        .asText())
                .contains("1 to 1000");
        assertThat(get("/api/history?filter=%3Dx", TestRelay.VIEWER, 400)
                        .path("error")
                        .asText())
                .isEqualTo("bad-filter");
    }
}
