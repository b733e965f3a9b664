package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Threshold rules with a controlled clock: `for`, two levels, and hysteresis at the clear level. */
class ThresholdRuleTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    RuleEngine engine;

    @BeforeEach
    void rules() {
        engine = new RuleEngine();
        engine.setRules("host", List.of(
                new ThresholdRule("DiskFull", "disk.used.ratio", Direction.ABOVE, 0.85, 0.95, 0.80, Duration.ofMinutes(2),
                        Map.of(), Map.of("summary", "Disk {{ $labels.mountpoint }} is {{ $value | percent }} full"), true),
                new ThresholdRule("LowMemory", "memory.available.ratio", Direction.BELOW, 0.10, null, 0.15, Duration.ZERO,
                        Map.of(), Map.of(), true)));
    }

    List<PostableAlert> disk(double v, int second) {
        return engine.evaluate("host", Sample.of("disk.used.ratio", v, T0.plusSeconds(second), "mountpoint", "/"));
    }

    @Test
    void firesOnlyAfterTheValueHeldForTheForDuration() {
        assertThat(disk(0.90, 0)).isEmpty();
        assertThat(disk(0.90, 60)).isEmpty();
        List<PostableAlert> fired = disk(0.90, 120);
        assertThat(fired).hasSize(1);
        PostableAlert a = fired.get(0);
        assertThat(a.labels()).containsEntry("alertname", "DiskFull").containsEntry("severity", "warning")
                .containsEntry("mountpoint", "/");
        assertThat(a.startsAt()).isEqualTo(T0);
        assertThat(a.endsAt()).isNull();
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
    void aValueInTheHysteresisBandKeepsTheAlertFiringAndOnlyPastClearResolves() {
        disk(0.90, 0);
        disk(0.90, 120);
        List<PostableAlert> band = disk(0.82, 180);
        assertThat(band).hasSize(1);
        assertThat(band.get(0).endsAt()).isNull();
        List<PostableAlert> cleared = disk(0.79, 240);
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).endsAt()).isEqualTo(T0.plusSeconds(240));
        assertThat(disk(0.79, 300)).isEmpty();
    }

    @Test
    void valuesFlappingAroundTheRaiseLineDoNotFlapTheAlert() {
        disk(0.86, 0);
        disk(0.86, 120);
        for (int i = 0; i < 20; i++) {
            List<PostableAlert> out = disk(i % 2 == 0 ? 0.84 : 0.86, 180 + i * 10);
            assertThat(out).allSatisfy(a -> assertThat(a.endsAt()).isNull());
        }
    }

    @Test
    void crossingTheCriticalLevelReplacesTheWarningAlert() {
        disk(0.90, 0);
        disk(0.90, 120);
        List<PostableAlert> up = disk(0.97, 130);
        assertThat(up).hasSize(2);
        assertThat(up.get(0).labels()).containsEntry("severity", "warning");
        assertThat(up.get(0).endsAt()).isNotNull();
        assertThat(up.get(1).labels()).containsEntry("severity", "critical");
        assertThat(up.get(1).endsAt()).isNull();
    }

    @Test
    void belowRulesFireUnderTheLevelAndClearAboveTheClearLevel() {
        List<PostableAlert> fired = engine.evaluate("host", Sample.of("memory.available.ratio", 0.05, T0));
        assertThat(fired).hasSize(1);
        assertThat(engine.evaluate("host", Sample.of("memory.available.ratio", 0.12, T0.plusSeconds(10))).get(0).endsAt()).isNull();
        assertThat(engine.evaluate("host", Sample.of("memory.available.ratio", 0.20, T0.plusSeconds(20))).get(0).endsAt()).isNotNull();
    }

    @Test
    void seriesAreIndependentAndSignalsOnlyMeetTheirOwnPluginsRules() {
        disk(0.90, 0);
        engine.evaluate("host", Sample.of("disk.used.ratio", 0.90, T0.plusSeconds(120), "mountpoint", "/data"));
        assertThat(disk(0.90, 120)).hasSize(1);
        assertThat(engine.evaluate("other", Sample.of("disk.used.ratio", 0.99, T0))).isEmpty();
    }

    @Test
    void disabledRulesDoNothing() {
        engine.setRules("host", List.of(new ThresholdRule("Off", "x", Direction.ABOVE, 1.0, null, 1.0, null, null, null, false)));
        assertThat(engine.evaluate("host", Sample.of("x", 5, T0))).isEmpty();
    }
}
