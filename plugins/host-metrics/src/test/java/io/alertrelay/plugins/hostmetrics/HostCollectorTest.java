package io.alertrelay.plugins.hostmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.plugin.api.Sample;
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

/** The collector on this very machine: every metric present, every ratio a ratio. */
class HostCollectorTest {

    @TempDir
    Path tmp;

    @Test
    void readsThisMachineAndRatiosStayBetweenZeroAndOne() throws Exception {
        Path vmstat = Files.writeString(tmp.resolve("vmstat"), "nr_free_pages 1\noom_kill 3\n");
        HostCollector c = new HostCollector(HostCollector.PSEUDO_FS, Duration.ofHours(1), vmstat);
        c.collect(Instant.now());
        Files.writeString(vmstat, "nr_free_pages 1\noom_kill 5\n");
        // CPU ratios need the kernel's tick counters to move between two reads (OSHI caches them briefly)
        List<List<Sample>> last = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    List<Sample> s = c.collect(Instant.now());
                    last.add(s);
                    return s.stream().anyMatch(x -> x.metric().equals("cpu.user.ratio"));
                });
        List<Sample> second = last.get(last.size() - 1);
        Map<String, List<Sample>> byMetric = second.stream().collect(Collectors.groupingBy(Sample::metric));
        assertThat(byMetric.keySet())
                .contains(
                        "cpu.user.ratio",
                        "cpu.system.ratio",
                        "cpu.iowait.ratio",
                        "cpu.steal.ratio",
                        "load.per.core",
                        "memory.available.ratio",
                        "disk.used.ratio",
                        "disk.full.in.hours",
                        "fd.used.ratio",
                        "oom.kills.recent");
        for (Sample s : second) {
            if (s.metric().endsWith(".ratio"))
                assertThat(s.value()).as(s.toString()).isBetween(0.0, 1.0);
        }
        assertThat(byMetric.get("oom.kills.recent").get(0).value()).isEqualTo(2);
        assertThat(byMetric.get("disk.used.ratio"))
                .allSatisfy(s -> assertThat(Set.of("tmpfs", "proc", "overlay"))
                        .doesNotContain(s.labels().get("fstype")));
    }

    @Test
    void fillForecastFollowsALinearTrendAndIsInfiniteWhenFlat() {
        FillPredictor p = new FillPredictor(Duration.ofHours(1));
        Instant t0 = Instant.parse("2026-11-25T00:00:00Z");
        double hours = Double.NaN;
        // 1 GB per hour into a 100 GB disk that has 50 GB used: full in ~50 h
        for (int m = 0; m <= 60; m += 5) {
            hours = p.hoursUntilFull(t0.plus(Duration.ofMinutes(m)), 50e9 + m / 60.0 * 1e9, 100e9);
        }
        assertThat(hours).isCloseTo(49.0, org.assertj.core.data.Offset.offset(0.01));
        FillPredictor flat = new FillPredictor(Duration.ofHours(1));
        for (int m = 0; m <= 60; m += 5) hours = flat.hoursUntilFull(t0.plus(Duration.ofMinutes(m)), 50e9, 100e9);
        assertThat(hours).isInfinite();
    }

    @Test
    void tooLittleHistoryGivesNoForecast() {
        FillPredictor p = new FillPredictor(Duration.ofHours(1));
        Instant t0 = Instant.now();
        p.hoursUntilFull(t0, 1, 10);
        assertThat(p.hoursUntilFull(t0.plusSeconds(60), 2, 10)).isInfinite();
    }
}
