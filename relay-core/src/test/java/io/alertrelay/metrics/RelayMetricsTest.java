package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.pipeline.PipelineStats;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelayMetricsTest {

    @Test
    void unknownSeveritiesShareOneOtherRowSoTheLabelCannotExplodeCardinality() {
        RelayMetrics m = new RelayMetrics();
        m.updateAlertCounts(new PipelineStats(
                0,
                1,
                0,
                Map.of(
                        "firing", Map.of("critical", 2, "sev-1", 3, "P2", 4),
                        "resolved", Map.of("warning", 1)),
                0));
        assertThat(m.scrape())
                .contains("relay_alerts{severity=\"critical\",state=\"firing\"} 2")
                .contains("relay_alerts{severity=\"other\",state=\"firing\"} 7")
                .contains("relay_alerts{severity=\"warning\",state=\"resolved\"} 1");
        m.updateAlertCounts(new PipelineStats(0, 1, 0, Map.of(), 0));
        // rows that empty stay, at 0, so rules and rate() never see a series vanish
        assertThat(m.scrape())
                .contains("relay_alerts{severity=\"critical\",state=\"firing\"} 0")
                .contains("relay_alerts{severity=\"warning\",state=\"resolved\"} 0");
    }
}
