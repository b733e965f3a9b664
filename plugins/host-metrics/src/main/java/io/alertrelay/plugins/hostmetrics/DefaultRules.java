package io.alertrelay.plugins.hostmetrics;

import io.alertrelay.plugin.api.Durations;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The rules host-metrics ships, after the common host alert sets (node-exporter's "awesome" rules). Each can be
 * changed or turned off under {@code plugins.host-metrics.rules} by name; docs/plugins/host-metrics.md lists them.
 */
final class DefaultRules {

    private DefaultRules() {}

    /**
     * @param interval how often the source samples: a series goes stale (its firing alert resolves as no longer
     *                 reported: a disk unmounted, an interface gone) after three intervals, at least a minute
     */
    static List<RuleSpec> all(Duration interval) {
        Duration three = interval.multipliedBy(3);
        Duration stale = three.compareTo(Duration.ofMinutes(1)) < 0 ? Duration.ofMinutes(1) : three;
        return Stream.of(
                        rule(
                                "HostOutOfMemory",
                                "memory.available.ratio",
                                Direction.BELOW,
                                0.10,
                                0.05,
                                0.15,
                                "2m",
                                "Memory available on {{ $labels.instance }} is {{ $value | percent }}"),
                        rule(
                                "HostSwapIsFillingUp",
                                "swap.used.ratio",
                                Direction.ABOVE,
                                0.80,
                                null,
                                0.70,
                                "2m",
                                "Swap on {{ $labels.instance }} is {{ $value | percent }} used"),
                        rule(
                                "HostOutOfDiskSpace",
                                "disk.used.ratio",
                                Direction.ABOVE,
                                0.85,
                                0.95,
                                0.80,
                                "2m",
                                "Disk {{ $labels.mountpoint }} on {{ $labels.instance }}"
                                        + " is {{ $value | percent }} full"),
                        rule(
                                "HostOutOfInodes",
                                "disk.inodes.used.ratio",
                                Direction.ABOVE,
                                0.85,
                                0.95,
                                0.80,
                                "2m",
                                "Inodes of {{ $labels.mountpoint }} on {{ $labels.instance }} are {{ $value | percent"
                                        + " }} used"),
                        rule(
                                "HostDiskWillFillIn24Hours",
                                "disk.full.in.hours",
                                Direction.BELOW,
                                24.0,
                                4.0,
                                36.0,
                                "10m",
                                "Disk {{ $labels.mountpoint }} on {{ $labels.instance }} fills up in about {{ $value"
                                        + " }} hours at the current rate"),
                        rule(
                                "HostCpuStealNoisyNeighbor",
                                "cpu.steal.ratio",
                                Direction.ABOVE,
                                0.10,
                                null,
                                0.05,
                                "5m",
                                "CPU steal on {{ $labels.instance }} is {{ $value | percent }}: a noisy neighbour or"
                                        + " an oversold host"),
                        rule(
                                "HostHighLoad",
                                "load.per.core",
                                Direction.ABOVE,
                                2.0,
                                4.0,
                                1.5,
                                "5m",
                                "Load per core on {{ $labels.instance }} is {{ $value }}"),
                        rule(
                                "HostOomKillDetected",
                                "oom.kills.recent",
                                Direction.ABOVE,
                                1.0,
                                null,
                                0.5,
                                "0s",
                                "The kernel killed {{ $value }} processes for memory on {{ $labels.instance }} in the"
                                        + " last 5 minutes"),
                        rule(
                                "HostNetworkErrors",
                                "net.errors.per.second",
                                Direction.ABOVE,
                                1.0,
                                null,
                                0.5,
                                "5m",
                                "Interface {{ $labels.interface }} on {{ $labels.instance }}"
                                        + " has {{ $value }} errors/s"),
                        rule(
                                "HostFileDescriptorsRunningOut",
                                "fd.used.ratio",
                                Direction.ABOVE,
                                0.80,
                                0.95,
                                0.75,
                                "5m",
                                "{{ $value | percent }} of the file descriptors of {{ $labels.instance }} are in use"))
                .map(r -> (RuleSpec) r.withStaleAfter(stale))
                .toList();
    }

    private static ThresholdRule rule(
            String name,
            String metric,
            Direction d,
            Double warning,
            Double critical,
            double clear,
            String forText,
            String summary) {
        return new ThresholdRule(
                name,
                metric,
                d,
                warning,
                critical,
                clear,
                Durations.parse(forText),
                Map.of(),
                Map.of("summary", summary),
                true);
    }
}
