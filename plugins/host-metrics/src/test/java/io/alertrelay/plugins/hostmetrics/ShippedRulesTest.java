package io.alertrelay.plugins.hostmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Alert;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.devkit.RuleBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule host-metrics ships fires and clears, run by the relay's rule engine. The OOM rule is driven through
 * the real collector (a vmstat file whose counter moves), the disk forecast through the real predictor; the other
 * rules get values no healthy test machine has, on the label sets this machine's collector really reports.
 */
class ShippedRulesTest {

    static final Duration INTERVAL = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    RuleBench bench() {
        return RuleBench.of("host-metrics", new HostMetricsSource(), Map.of());
    }

    @Test
    void everyShippedRuleIsCoveredBelow() {
        Set<String> shipped =
                DefaultRules.all(INTERVAL).stream().map(RuleSpec::name).collect(Collectors.toSet());
        assertThat(shipped)
                .containsExactlyInAnyOrder(
                        "HostOutOfMemory",
                        "HostSwapIsFillingUp",
                        "HostOutOfDiskSpace",
                        "HostOutOfInodes",
                        "HostDiskWillFillIn24Hours",
                        "HostCpuStealNoisyNeighbor",
                        "HostHighLoad",
                        "HostOomKillDetected",
                        "HostNetworkErrors",
                        "HostFileDescriptorsRunningOut");
    }

    @ParameterizedTest(name = "{0}: {2} fires {3}, {4} clears")
    @CsvSource({
        "HostOutOfMemory, memory.available.ratio, 0.04, critical, 0.15",
        "HostSwapIsFillingUp, swap.used.ratio, 0.85, warning, 0.70",
        "HostOutOfDiskSpace, disk.used.ratio, 0.97, critical, 0.80",
        "HostOutOfInodes, disk.inodes.used.ratio, 0.90, warning, 0.80",
        "HostCpuStealNoisyNeighbor, cpu.steal.ratio, 0.20, warning, 0.05",
        "HostHighLoad, load.per.core, 4.5, critical, 1.5",
        "HostNetworkErrors, net.errors.per.second, 3, warning, 0",
        "HostFileDescriptorsRunningOut, fd.used.ratio, 0.81, warning, 0.75"
    })
    void firesAfterItsForDurationAndClearsAtItsClearLevel(
            String rule, String metric, double bad, String severity, double good) {
        Map<String, String> labels = realLabels(metric);
        RuleBench bench = bench();
        ThresholdRule r = (ThresholdRule) DefaultRules.all(INTERVAL).stream()
                .filter(x -> x.name().equals(rule))
                .findFirst()
                .orElseThrow();
        Instant firstBad = bench.now();
        while (bench.firing(rule).isEmpty()) {
            assertThat(Duration.between(firstBad, bench.now()))
                    .as(rule + " fired late")
                    .isLessThanOrEqualTo(r.forDuration());
            bench.feed(new Sample(metric, bad, labels, bench.now())).advance(INTERVAL);
        }
        Alert firing = bench.firing(rule).orElseThrow();
        assertThat(firing.severity()).isEqualTo(severity);
        assertThat(firing.startsAt()).isEqualTo(firstBad);
        assertThat(firing.annotations().get("summary")).doesNotContain("{{");

        bench.feed(new Sample(metric, good, labels, bench.now()));
        assertThat(bench.firing(rule)).as(rule + " at its clear level " + good).isEmpty();
        assertThat(bench.resolved(rule).orElseThrow().annotations()).containsKey("resolved_reason");
    }

    @Test
    void hostOomKillDetectedFiresOnAKillAndClearsFiveMinutesLaterFromTheRealCollector() throws Exception {
        Path vmstat = Files.writeString(tmp.resolve("vmstat"), "oom_kill 7\n");
        HostCollector collector = new HostCollector(HostCollector.PSEUDO_FS, Duration.ofHours(1), vmstat);
        RuleBench bench = bench();
        bench.feed(collector.collect(bench.now()));
        assertThat(bench.firing("HostOomKillDetected")).isEmpty();
        Files.writeString(vmstat, "oom_kill 9\n");
        bench.advance(INTERVAL).feed(collector.collect(bench.now()));
        assertThat(bench.firing("HostOomKillDetected")
                        .orElseThrow()
                        .annotations()
                        .get("summary"))
                .startsWith("The kernel killed 2 processes for memory on ");
        for (int i = 0; i < 30 && bench.firing("HostOomKillDetected").isPresent(); i++) {
            bench.advance(INTERVAL).feed(collector.collect(bench.now()));
        }
        assertThat(bench.firing("HostOomKillDetected"))
                .as("cleared within 5 minutes of the last kill")
                .isEmpty();
        assertThat(bench.resolved("HostOomKillDetected")).isPresent();
    }

    @Test
    void hostDiskWillFillIn24HoursFiresOnARealForecastAndClearsWhenTheDiskStopsFilling() {
        Map<String, String> labels = realLabels("disk.full.in.hours");
        FillPredictor predictor = new FillPredictor(Duration.ofHours(1));
        RuleBench bench = bench();
        double total = 100e9;
        double used = 50e9;
        // 5 GB an hour into 50 GB free: full in about 10 hours, warning at 24 h, critical at 4 h
        for (int i = 0; i < 300 && bench.firing("HostDiskWillFillIn24Hours").isEmpty(); i++) {
            used += 5e9 / 360;
            bench.feed(new Sample(
                            "disk.full.in.hours",
                            predictor.hoursUntilFull(bench.now(), used, total),
                            labels,
                            bench.now()))
                    .advance(INTERVAL);
        }
        assertThat(bench.firing("HostDiskWillFillIn24Hours").orElseThrow().severity())
                .isEqualTo("warning");
        for (int i = 0; i < 720 && bench.firing("HostDiskWillFillIn24Hours").isPresent(); i++) {
            bench.feed(new Sample(
                            "disk.full.in.hours",
                            predictor.hoursUntilFull(bench.now(), used, total),
                            labels,
                            bench.now()))
                    .advance(INTERVAL); // flat from here: the forecast goes to infinity
        }
        assertThat(bench.firing("HostDiskWillFillIn24Hours")).isEmpty();
    }

    @Test
    void aDiskThatIsNoLongerReportedResolvesAfterAMinute() {
        Map<String, String> labels = realLabels("disk.used.ratio");
        RuleBench bench = bench();
        for (int i = 0; i <= 13; i++)
            bench.feed(new Sample("disk.used.ratio", 0.9, labels, bench.now())).advance(INTERVAL);
        assertThat(bench.firing("HostOutOfDiskSpace")).isPresent();
        bench.advance(Duration.ofSeconds(50)); // unmounted: three intervals are 30 s, the floor is a minute
        assertThat(bench.firing("HostOutOfDiskSpace")).isEmpty();
        assertThat(bench.resolved("HostOutOfDiskSpace")
                        .orElseThrow()
                        .annotations()
                        .get("resolved_reason"))
                .startsWith("no sample of disk.used.ratio for 1m");
    }

    /** The labels this machine's collector reports for the metric (plus instance, as the relay adds it). */
    Map<String, String> realLabels(String metric) {
        HostCollector c = new HostCollector(HostCollector.PSEUDO_FS, Duration.ofHours(1), tmp.resolve("no-vmstat"));
        Instant t = Instant.now();
        List<Sample> samples = c.collect(t);
        samples = new java.util.ArrayList<>(samples);
        samples.addAll(c.collect(t.plusSeconds(10)));
        Map<String, String> labels = samples.stream()
                .filter(s -> s.metric().equals(metric))
                .findFirst()
                .map(Sample::labels)
                // no swap, no interface but lo, no steal yet on this machine: the shape the collector would use
                .orElse(metric.startsWith("net.") ? Map.of("interface", "eth0") : Map.of());
        Map<String, String> withInstance = new java.util.HashMap<>(labels);
        withInstance.put("instance", "test-host");
        return withInstance;
    }
}
