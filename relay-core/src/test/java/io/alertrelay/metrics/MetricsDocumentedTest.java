package io.alertrelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
        for (String name : families) assertThat(doc).as("docs/operations.md names %s", name).contains("`" + name + "`");
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
