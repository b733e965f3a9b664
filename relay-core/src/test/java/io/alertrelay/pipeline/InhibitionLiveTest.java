package io.alertrelay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.config.InhibitRuleConfig;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inhibition on a running relay, over real sockets: a subscriber sees a warning become inhibited the moment its
 * host's HostDown fires, and a client that was away when HostDown resolved gets the warning's release in its
 * replay, so resuming by seq stays exact; the inhibition survives a restart from the store.
 */
class InhibitionLiveTest {

    static final InhibitRuleConfig HOST_DOWN = new InhibitRuleConfig(
            List.of("alertname=\"HostDown\""), List.of("severity=~\"warning|info\""), List.of("instance"));

    @TempDir
    Path dataDir;

    TestRelay start() {
        return TestRelay.start(
                dataDir, t -> t.config = c -> c.withAlerts(c.alerts().withInhibitRules(List.of(HOST_DOWN))));
    }

    static JsonNode nextAlert(WsTestClient c, String alertname) {
        return c.next(n -> n.path("type").asText().equals("alert")
                && n.path("alert").path("labels").path("alertname").asText().equals(alertname));
    }

    @Test
    void aSubscriberSeesTheInhibitionAndAResumeReplaysItsRelease() throws Exception {
        String downFp;
        try (TestRelay relay = start()) {
            WsTestClient wall = relay.subscribed(TestRelay.VIEWER);
            relay.push(Frames.alert("DiskFull", "instance", "vps-01", "severity", "warning"));
            assertThat(nextAlert(wall, "DiskFull").path("alert").has("inhibitedBy"))
                    .isFalse();
            relay.push(Frames.alert("HostDown", "instance", "vps-01", "severity", "critical"));
            downFp = nextAlert(wall, "HostDown")
                    .path("alert")
                    .path("fingerprint")
                    .asText();
            JsonNode inhibited = nextAlert(wall, "DiskFull");
            assertThat(inhibited.path("alert").path("inhibitedBy").get(0).asText())
                    .isEqualTo(downFp);
            long seq = inhibited.path("seq").asLong();
            String epoch = relay.relay.pipeline().epoch();
            wall.close();

            // away: HostDown resolves; the resume replays the resolve and the release, in order
            relay.push("[{\"labels\":{\"alertname\":\"HostDown\",\"instance\":\"vps-01\",\"severity\":\"critical\"},"
                    + "\"endsAt\":\"" + Instant.now().minusSeconds(1) + "\"}]");
            try (WsTestClient back = relay.client(TestRelay.VIEWER)) {
                back.send(Frames.resume(epoch, seq));
                JsonNode resolved = nextAlert(back, "HostDown");
                assertThat(resolved.path("seq").asLong()).isEqualTo(seq + 1);
                JsonNode released = nextAlert(back, "DiskFull");
                assertThat(released.path("seq").asLong()).isEqualTo(seq + 2);
                assertThat(released.path("alert").has("inhibitedBy")).isFalse();
            }
            relay.push(Frames.alert("HostDown", "instance", "vps-01", "severity", "critical"));
        }
        // restarted from the store: still inhibited, by the same alert
        try (TestRelay relay = start()) {
            JsonNode listed = new ObjectMapper()
                    .readTree(relay.http("GET", "/api/alerts", TestRelay.VIEWER, null)
                            .body());
            JsonNode disk = null;
            for (JsonNode a : listed) {
                if (a.path("labels").path("alertname").asText().equals("DiskFull")) disk = a;
            }
            assertThat(disk).isNotNull();
            assertThat(disk.path("inhibitedBy").get(0).asText()).isEqualTo(downFp);
        }
    }
}
