package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Threshold rules with a controlled clock: the life of docs/plugin-guide.md#rules, step by step. */
class ThresholdRuleTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final ThresholdRule DISK = new ThresholdRule(
            "DiskFull",
            "disk.used.ratio",
            Direction.ABOVE,
            0.85,
            0.95,
            0.80,
            Duration.ofMinutes(2),
            Map.of(),
            Map.of(
                    "summary",
                    "Disk {{ $labels.mountpoint }} is {{ $value | percent }} full",
                    "description",
                    "Free some space on {{ $labels.mountpoint }}",
                    "runbook",
                    "https://runbooks/disk"),
            true);
    RuleEngine engine;

    @BeforeEach
    void rules() {
        engine = new RuleEngine();
        engine.setRules(
                "host",
                List.of(
                        DISK,
                        new ThresholdRule(
                                "LowMemory",
                                "memory.available.ratio",
                                Direction.BELOW,
                                0.10,
                                null,
                                0.15,
                                Duration.ZERO,
                                Map.of(),
                                Map.of(),
                                true),
                        new ThresholdRule(
                                "ProbeDown",
                                "probe.up",
                                Direction.BELOW,
                                null,
                                0.0,
                                1.0,
                                Duration.ZERO,
                                Map.of(),
                                Map.of("summary", "{{ $labels.url }} is down"),
                                true)));
    }

    List<PostableAlert> disk(double v, int second) {
        return engine.evaluate("host", Sample.of("disk.used.ratio", v, T0.plusSeconds(second), "mountpoint", "/"));
    }

    static boolean firing(PostableAlert a, int second) {
        return a.endsAt() == null || a.endsAt().isAfter(T0.plusSeconds(second));
    }

    @Test
    void firesOnlyAfterTheValueHeldForTheForDuration() {
        assertThat(disk(0.90, 0)).isEmpty();
        assertThat(disk(0.90, 60)).isEmpty();
        List<PostableAlert> fired = disk(0.90, 120);
        assertThat(fired).hasSize(1);
        PostableAlert a = fired.get(0);
        assertThat(a.labels())
                .containsEntry("alertname", "DiskFull")
                .containsEntry("severity", "warning")
                .containsEntry("mountpoint", "/");
        assertThat(a.startsAt()).isEqualTo(T0);
        assertThat(firing(a, 120)).isTrue();
        assertThat(a.annotations().get("summary")).isEqualTo("Disk / is 90% full");
    }

    @Test
    void aDipBelowTheRaiseLevelResetsPending() {
        disk(0.90, 0);
        disk(0.84, 60);
        assertThat(disk(0.90, 120)).isEmpty();
        assertThat(disk(0.90, 240)).hasSize(1);
    }

    @Test
    void aValueInTheHysteresisBandKeepsTheAlertFiringAndAValueAtClearResolves() {
        disk(0.90, 0);
        disk(0.90, 120);
        List<PostableAlert> band = disk(0.81, 180);
        assertThat(band).hasSize(1);
        assertThat(firing(band.get(0), 180)).isTrue();
        List<PostableAlert> cleared = disk(0.80, 240);
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).endsAt()).isEqualTo(T0.plusSeconds(240));
        assertThat(disk(0.79, 300)).isEmpty();
    }

    @Test
    void valuesFlappingAroundTheRaiseLineDoNotFlapTheAlert() {
        disk(0.86, 0);
        disk(0.86, 120);
        for (int i = 0; i < 20; i++) {
            int at = 180 + i * 10;
            assertThat(disk(i % 2 == 0 ? 0.84 : 0.86, at))
                    .allSatisfy(a -> assertThat(firing(a, at)).isTrue());
        }
    }

    @Test
    void reachingCriticalReplacesTheWarningAlertAtOnce() {
        disk(0.90, 0);
        disk(0.90, 120);
        List<PostableAlert> up = disk(0.97, 130);
        assertThat(up).hasSize(2);
        assertThat(up.get(0).labels()).containsEntry("severity", "warning");
        assertThat(up.get(0).endsAt()).isEqualTo(T0.plusSeconds(130));
        assertThat(up.get(0).annotations()).containsEntry(Resolution.REASON, "escalated to critical at value 0.97");
        assertThat(up.get(1).labels()).containsEntry("severity", "critical");
        assertThat(up.get(1).startsAt()).isEqualTo(T0.plusSeconds(130));
        assertThat(firing(up.get(1), 130)).isTrue();
    }

    @Test
    void criticalDeEscalatesOnlyOnceBackByTheHysteresisGap() {
        disk(0.97, 0);
        assertThat(disk(0.97, 120).get(0).labels()).containsEntry("severity", "critical");
        List<PostableAlert> nearLine = disk(0.93, 130); // below critical 0.95, but within the 0.05 gap
        assertThat(nearLine)
                .singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("severity", "critical"));
        List<PostableAlert> down = disk(0.90, 140);
        assertThat(down).hasSize(2);
        assertThat(down.get(0).labels()).containsEntry("severity", "critical");
        assertThat(down.get(0).endsAt()).isEqualTo(T0.plusSeconds(140));
        assertThat(down.get(1).labels()).containsEntry("severity", "warning");
        assertThat(firing(down.get(1), 140)).isTrue();
        assertThat(disk(0.80, 150))
                .singleElement()
                .satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(150)));
    }

    @Test
    void aZeroOneMetricClearsOnTheFirstGoodSample() {
        List<PostableAlert> down = engine.evaluate("host", Sample.of("probe.up", 0, T0, "url", "http://shop/"));
        assertThat(down).singleElement().satisfies(a -> assertThat(a.labels()).containsEntry("severity", "critical"));
        List<PostableAlert> up =
                engine.evaluate("host", Sample.of("probe.up", 1, T0.plusSeconds(30), "url", "http://shop/"));
        assertThat(up).singleElement().satisfies(a -> {
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(a.annotations())
                    .containsEntry("summary", "ProbeDown: resolved at value 1")
                    .containsEntry(Resolution.REASON, "probe.up is 1, at or above the clear level 1");
        });
    }

    @Test
    void belowRulesFireUnderTheLevelAndClearAtOrAboveTheClearLevel() {
        assertThat(engine.evaluate("host", Sample.of("memory.available.ratio", 0.05, T0)))
                .hasSize(1);
        assertThat(engine.evaluate("host", Sample.of("memory.available.ratio", 0.12, T0.plusSeconds(10))))
                .singleElement()
                .satisfies(a -> assertThat(firing(a, 10)).isTrue());
        assertThat(engine.evaluate("host", Sample.of("memory.available.ratio", 0.15, T0.plusSeconds(20))))
                .singleElement()
                .satisfies(a -> assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(20)));
    }

    @Test
    void aResolvedAlertSaysSoInsteadOfRepeatingItsFiringText() {
        disk(0.90, 0);
        disk(0.90, 120);
        PostableAlert resolved = disk(0.70, 180).get(0);
        assertThat(resolved.annotations())
                .containsEntry("summary", "DiskFull: resolved at value 0.7")
                .containsEntry("runbook", "https://runbooks/disk")
                .doesNotContainKey("description");
    }

    @Test
    void resolvedAnnotationsOfTheRuleAreRenderedWithTheClearingValue() {
        engine.setRules(
                "host",
                List.of(DISK.withResolvedAnnotations(
                        Map.of("summary", "Disk {{ $labels.mountpoint }} is back to {{ $value | percent }}"))));
        disk(0.90, 0);
        disk(0.90, 120);
        assertThat(disk(0.5, 180).get(0).annotations()).containsEntry("summary", "Disk / is back to 50%");
    }

    @Test
    void theReasonOfTheLatestSampleReachesTheAnnotationsAndIsNotPartOfTheAlertsIdentity() {
        engine.setRules(
                "probe",
                List.of(ThresholdRule.builder("ProbeDown", "probe.up")
                        .below()
                        .critical(0)
                        .clearAt(1)
                        .annotation("summary", "{{ $labels.target }} is down: {{ $reason }}")
                        .resolvedAnnotation("summary", "{{ $labels.target }} is up again ({{ $reason }})")
                        .build()));
        Sample down = Sample.of("probe.up", 0, T0, "target", "web");
        PostableAlert first =
                engine.evaluate("probe", down.withReason("connection refused")).get(0);
        assertThat(first.annotations()).containsEntry("summary", "web is down: connection refused");
        PostableAlert second = engine.evaluate(
                        "probe",
                        Sample.of("probe.up", 0, T0.plusSeconds(10), "target", "web")
                                .withReason("TLS certificate expired"))
                .get(0);
        assertThat(second.labels()).isEqualTo(first.labels());
        assertThat(second.annotations()).containsEntry("summary", "web is down: TLS certificate expired");
        PostableAlert up = engine.evaluate(
                        "probe",
                        Sample.of("probe.up", 1, T0.plusSeconds(20), "target", "web")
                                .withReason("200 OK in 35 ms"))
                .get(0);
        assertThat(up.endsAt()).isNotNull();
        assertThat(up.annotations()).containsEntry("summary", "web is up again (200 OK in 35 ms)");
        assertThat(engine.evaluate("probe", Sample.of("probe.up", 0, T0.plusSeconds(30), "target", "web"))
                        .get(0)
                        .annotations())
                .as("a sample without a reason renders it empty")
                .containsEntry("summary", "web is down: ");
    }

    @Test
    void theBuilderMakesTheSameRuleAsThePositionalConstructor() {
        ThresholdRule built = ThresholdRule.builder("DiskFull", "disk.used.ratio")
                .warning(0.85)
                .critical(0.95)
                .clearAt(0.80)
                .forDuration(Duration.ofMinutes(2))
                .annotation("summary", "Disk {{ $labels.mountpoint }} is {{ $value | percent }} full")
                .annotation("description", "Free some space on {{ $labels.mountpoint }}")
                .annotation("runbook", "https://runbooks/disk")
                .build();
        assertThat(built).isEqualTo(DISK);
        assertThat(catchThrowable(
                        () -> ThresholdRule.builder("X", "x").critical(1).build()))
                .hasMessageContaining("set clearAt(...)");
        assertThat(catchThrowable(
                        () -> ThresholdRule.builder("X", "x").clearAt(1).build()))
                .hasMessageContaining("set warning(...), critical(...) or both");
    }

    @Test
    void nanSamplesNeitherFireNorClear() {
        disk(0.90, 0);
        disk(0.90, 120);
        assertThat(disk(Double.NaN, 130)).isEmpty();
        assertThat(disk(0.5, 140))
                .singleElement()
                .satisfies(a -> assertThat(a.endsAt()).isNotNull());
        assertThat(disk(Double.NaN, 150)).isEmpty();
    }

    @Test
    void seriesAreIndependentAndSignalsOnlyMeetTheirOwnPluginsRules() {
        disk(0.90, 0);
        engine.evaluate("host", Sample.of("disk.used.ratio", 0.90, T0.plusSeconds(120), "mountpoint", "/data"));
        assertThat(disk(0.90, 120)).hasSize(1);
        assertThat(engine.evaluate("other", Sample.of("disk.used.ratio", 0.99, T0)))
                .isEmpty();
    }

    @Test
    void disabledRulesDoNothing() {
        engine.setRules(
                "host",
                List.of(new ThresholdRule("Off", "x", Direction.ABOVE, 1.0, null, 1.0, null, null, null, false)));
        assertThat(engine.evaluate("host", Sample.of("x", 5, T0))).isEmpty();
    }

    @Nested
    class Staleness {

        @Test
        void aFiringSeriesThatStopsReportingResolvesAfterThreeIntervalsWithTheReason() {
            for (int s = 0; s <= 120; s += 30) disk(0.90, s);
            assertThat(engine.tick(T0.plusSeconds(120 + 89))).isEmpty();
            List<PostableAlert> gone = engine.tick(T0.plusSeconds(120 + 90)).get("host");
            assertThat(gone).singleElement().satisfies(a -> {
                assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(210));
                assertThat(a.annotations().get(Resolution.REASON))
                        .isEqualTo("no sample of disk.used.ratio for 1m30s: its source stopped reporting this series");
                assertThat(a.annotations().get("summary"))
                        .isEqualTo("DiskFull: resolved, disk.used.ratio is no longer reported");
            });
            assertThat(engine.tick(T0.plusSeconds(400))).isEmpty();
        }

        @Test
        void theStalePeriodIsAtLeastAMinuteAndTheRulesOwnWhenSet() {
            for (int s = 0; s <= 120; s += 10) disk(0.90, s);
            assertThat(engine.tick(T0.plusSeconds(120 + 59))).isEmpty();
            assertThat(engine.tick(T0.plusSeconds(120 + 60))).containsKey("host");

            engine.setRules("host", List.of(DISK.withStaleAfter(Duration.ofMinutes(30))));
            for (int s = 0; s <= 120; s += 10) disk(0.90, s);
            assertThat(engine.tick(T0.plusSeconds(120 + 1799))).isEmpty();
            assertThat(engine.tick(T0.plusSeconds(120 + 1800))).containsKey("host");
        }

        @Test
        void theFiringAlertCarriesAnEndJustPastTheStaleDeadlineAsASafetyNet() {
            for (int s = 0; s <= 120; s += 30) disk(0.90, s);
            PostableAlert a = disk(0.90, 150).get(0);
            assertThat(a.endsAt()).isEqualTo(T0.plusSeconds(150 + 90).plus(Resolution.SAFETY_MARGIN));
        }
    }
}
