package io.alertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay stopped and started on the same dataDir is the same relay to its clients. */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void alertsAcksSilencesAndTheEpochSurviveARestartAndAClientResumesByReplay() {
        String epoch;
        long seenSeq;
        String fp;
        try (TestRelay relay = TestRelay.start(dataDir)) {
            WsTestClient wall = relay.subscribed(TestRelay.VIEWER);
            relay.push(Frames.alert("DiskFull", "instance", "vps-1"));
            fp = wall.next("alert").path("alert").path("fingerprint").asText();
            assertThat(relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"on it\"}")
                            .statusCode())
                    .isEqualTo(200);
            wall.next("alert");
            assertThat(relay.http(
                                    "POST",
                                    "/api/silences",
                                    TestRelay.OPERATOR,
                                    "{\"matchers\":[\"instance=\\\"vps-1\\\"\"],\"endsAt\":\"2099-01-01T00:00:00Z\",\"comment\":\"m\"}")
                            .statusCode())
                    .isEqualTo(201);
            seenSeq = wall.next("silence").path("seq").asLong();
            JsonNode silenced = wall.next("alert");
            seenSeq = silenced.path("seq").asLong();
            epoch = relay.relay.pipeline().epoch();
            // the wall misses the next two changes: they happen while it is away
            relay.push(Frames.alert("CpuHot", "instance", "vps-2"));
            relay.push(Frames.alert("MemLow", "instance", "vps-3"));
        }

        try (TestRelay relay = TestRelay.start(dataDir)) {
            assertThat(relay.relay.pipeline().epoch()).isEqualTo(epoch);
            JsonNode alerts = read(
                    relay.http("GET", "/api/alerts", TestRelay.VIEWER, null).body());
            assertThat(alerts.findValuesAsText("alertname")).contains("DiskFull", "CpuHot", "MemLow");
            JsonNode disk = null;
            for (JsonNode a : alerts.path("alerts").isArray() ? alerts.path("alerts") : alerts) {
                if (a.path("fingerprint").asText().equals(fp)) disk = a;
            }
            assertThat(disk).isNotNull();
            assertThat(disk.path("ack").path("comment").asText()).isEqualTo("on it");
            assertThat(disk.path("silencedBy")).hasSize(1);

            WsTestClient back = relay.client(TestRelay.VIEWER);
            back.send(Frames.resume(epoch, seenSeq));
            JsonNode first = back.next();
            assertThat(first.path("type").asText())
                    .as("a replay, not a snapshot: %s", first)
                    .isEqualTo("alert");
            assertThat(first.path("seq").asLong()).isEqualTo(seenSeq + 1);
            assertThat(first.path("alert").path("labels").path("alertname").asText())
                    .isEqualTo("CpuHot");
            assertThat(back.next("alert").path("seq").asLong()).isEqualTo(seenSeq + 2);

            relay.push(Frames.alert("AfterRestart"));
            assertThat(back.next("alert").path("seq").asLong()).isEqualTo(seenSeq + 3);
        }
    }

    @Test
    void theHistoryOfResolvedAlertsIsRebuiltFromTheStoreAfterARestart() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            relay.push(Frames.alert("Flapped"));
            String fp = relay.relay.pipeline().alerts().get(0).fingerprint();
            relay.http("POST", "/api/alerts/" + fp + "/ack", TestRelay.OPERATOR, "{\"comment\":\"looking\"}");
            relay.push("[{\"labels\":{\"alertname\":\"Flapped\"},\"endsAt\":\"2020-01-01T00:00:00Z\"}]");
        }
        try (TestRelay relay = TestRelay.start(dataDir)) {
            JsonNode history = read(
                    relay.http("GET", "/api/history", TestRelay.VIEWER, null).body());
            assertThat(history.toString())
                    .contains("Flapped")
                    .contains("looking")
                    .contains("resolved");
        }
    }

    private static JsonNode read(String body) {
        try {
            return io.alertrelay.wire.WireCodec.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
