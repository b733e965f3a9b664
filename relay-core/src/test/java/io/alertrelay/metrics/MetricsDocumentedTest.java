package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.testing.TestRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/operations.md names every relay_* metric the relay exports and every reason label it uses. */
class MetricsDocumentedTest {

    private static final Pattern FAMILY = Pattern.compile("(?m)^# TYPE (relay_\\S+) ");

    private static String operations() throws IOException {
        Path doc = Path.of("../docs/operations.md");
        assertThat(doc).as("run from relay-core/, as Maven does").exists();
        return Files.readString(doc);
    }

    @Test
    void everyRelayMetricIsInTheOperationsGuide() throws IOException {
        String doc = operations();
        Set<String> families = new TreeSet<>();
        Matcher m = FAMILY.matcher(new RelayMetrics().scrape());
        while (m.find()) families.add(m.group(1));
        assertThat(families).contains("relay_frames_rejected_total", "relay_http_rejected_total");
        for (String name : families)
            assertThat(doc).as("docs/operations.md names %s", name).contains("`" + name + "`");
    }

    @TempDir
    Path dataDir;

    /** The gauges a running relay binds (journal, store, configured limits, send queue) are not in a bare registry. */
    @Test
    void everyRelayMetricOfARunningRelayIsInTheOperationsGuide() throws IOException {
        String doc = operations();
        Set<String> families = new TreeSet<>();
        try (TestRelay relay = TestRelay.start(dataDir)) {
            Matcher m = FAMILY.matcher(relay.http("GET", "/metrics", null, null).body());
            while (m.find()) families.add(m.group(1));
        }
        assertThat(families)
                .contains(
                        "relay_journal_entries",
                        "relay_journal_max_entries",
                        "relay_store_writable",
                        "relay_send_queue_bytes",
                        "relay_send_queue_limit_bytes");
        for (String name : families)
            assertThat(doc).as("docs/operations.md names %s", name).contains("`" + name + "`");
    }

    @Test
    void everyRejectReasonIsInTheOperationsGuide() throws IOException {
        String doc = operations();
        for (String reason : RelayMetrics.REJECT_REASONS) {
            assertThat(doc).as("relay_frames_rejected_total reason %s", reason).contains("| `" + reason + "` |");
        }
        for (String reason : RelayMetrics.HTTP_REJECT_REASONS) {
            assertThat(doc).as("relay_http_rejected_total reason %s", reason).contains(reason);
        }
    }
}
