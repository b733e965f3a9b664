package io.alertrelay.plugins.hostmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.plugin.devkit.InProcessRelay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built plugin zip, loaded by a real relay through PF4J, raises a real alert from this machine's disks. */
class HostMetricsPluginIT {

    @TempDir
    Path dataDir;

    @Test
    void theBuiltZipRunsInARelayAndALoweredDiskRuleFiresFromRealData() {
        Map<String, Object> config = Map.of(
                "interval",
                "500ms",
                "rules",
                List.of(Map.of("name", "HostOutOfDiskSpace", "warning", 0.0000001, "clear", 0, "for", "0s")));
        try (InProcessRelay relay = InProcessRelay.start(
                dataDir, Map.of("host-metrics", config), InProcessRelay.builtPluginZip(Path.of("")))) {
            JsonNode status = relay.plugin("host-metrics");
            assertThat(status.path("state").asText()).as("status %s", status).isEqualTo("started");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> relay.alerts().findValues("alertname").stream()
                            .anyMatch(n -> n.asText().equals("HostOutOfDiskSpace")));
            JsonNode alert = null;
            for (JsonNode a : relay.alerts()) {
                if (a.path("labels").path("alertname").asText().equals("HostOutOfDiskSpace")) alert = a;
            }
            assertThat(alert.path("source").asText()).isEqualTo("host-metrics");
            assertThat(alert.path("labels").path("mountpoint").asText()).startsWith("/");
            assertThat(alert.path("labels").path("instance").asText()).isNotEmpty();
            assertThat(alert.path("annotations").path("summary").asText()).contains("% full");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> relay.plugin("host-metrics").path("signals").asLong() > 10);
        }
    }
}
