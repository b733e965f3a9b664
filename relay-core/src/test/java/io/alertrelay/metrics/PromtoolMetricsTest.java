package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.ExternalProgram;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real scrape of a relay that has done some work passes {@code promtool check metrics} with no complaint. */
class PromtoolMetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void scrapeIsCleanUnderPromtoolCheckMetrics() throws Exception {
        Path promtool = ExternalProgram.require("promtool", "prometheus");
        try (TestRelay relay = TestRelay.start(dataDir)) {
            relay.subscribed(TestRelay.VIEWER);
            relay.push(Frames.alert("Scraped", "severity", "critical"));
            relay.relay.pipeline().tick();
            relay.relay.metrics().updateAlertCounts(relay.relay.pipeline().stats());
            String scrape = relay.http("GET", "/metrics", null, null).body();
            assertThat(scrape).contains("relay_alerts{severity=\"critical\",state=\"firing\"} 1");
            // the gauges the shipped alert rules compare with (deploy/prometheus/rules) are in what promtool checks
            assertThat(scrape)
                    .contains(
                            "relay_journal_max_entries 100000",
                            "relay_send_queue_limit_bytes 1048576",
                            "relay_store_writable 1",
                            "relay_send_queue_bytes ");

            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("promtool check metrics output").isEmpty();
            assertThat(p.exitValue()).isZero();
        }
    }
}
