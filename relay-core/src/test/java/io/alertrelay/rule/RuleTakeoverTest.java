package io.alertrelay.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.AlertState;
import io.alertrelay.alert.PostableAlert;
import io.alertrelay.plugin.api.CountRule;
import io.alertrelay.plugin.api.Labels;
import io.alertrelay.plugin.api.Match;
import io.alertrelay.plugin.api.RuleSpec;
import io.alertrelay.plugin.api.Sample;
import io.alertrelay.plugin.api.ThresholdRule;
import io.alertrelay.plugin.api.ThresholdRule.Direction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restart between samples: the first engine fires into a real alert state, a second engine (the restarted
 * relay) takes the firing alerts over from that state and judges them by the first fresh sample.
 */
class RuleTakeoverTest {

    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    static final ThresholdRule PROBE_DOWN = new ThresholdRule(
            "ProbeDown",
            "probe.up",
            Direction.BELOW,
            null,
            0.0,
            1.0,
            Duration.ofMinutes(1),
            Map.of(),
            Map.of("summary", "{{ $labels.url }} is down"),
            true);
    static final CountRule BRUTE = new CountRule(
            "SshBruteForce",
            "SshBruteForce",
            3,
            Duration.ofMinutes(1),
            Duration.ofMinutes(10),
            "warning",
            Map.of(),
            Map.of(),
            true);

    final AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
    Instant now = T0;

    RuleEngine engine(RuleSpec... rules) {
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        RuleEngine e = new RuleEngine(
                clock,
                id -> state.alerts().stream()
                        .filter(a -> a.firing() && id.equals(a.source()))
                        .toList());
        e.setRules("http-probe", List.of(rules));
        return e;
    }

    void apply(List<PostableAlert> alerts) {
        for (PostableAlert a : alerts) state.ingest(a, "http-probe", now);
    }

    void probe(RuleEngine e, double up, int second) {
        now = T0.plusSeconds(second);
        apply(e.evaluate("http-probe", Sample.of("probe.up", up, now, "url", "http://shop/")));
    }

    void tick(RuleEngine e, int second) {
        now = T0.plusSeconds(second);
        apply(e.tick(now).getOrDefault("http-probe", List.of()));
    }

    Alert only() {
        assertThat(state.alerts()).hasSize(1);
        return state.alerts().iterator().next();
    }

    @Test
    void afterARestartTheFirstGoodSampleClearsTheAlertWithoutWaiting() {
        RuleEngine before = engine(PROBE_DOWN);
        for (int s = 0; s <= 60; s += 30) probe(before, 0, s);
        assertThat(only().firing()).isTrue();

        RuleEngine after = engine(PROBE_DOWN);
        probe(after, 1, 100);
        assertThat(only().firing()).isFalse();
        assertThat(only().endsAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(only().annotations()).containsEntry("summary", "ProbeDown: resolved at value 1");
    }

    @Test
    void afterARestartABadSampleKeepsTheSameAlertFiringWithItsStartsAt() {
        RuleEngine before = engine(PROBE_DOWN);
        for (int s = 0; s <= 60; s += 30) probe(before, 0, s);
        Instant startsAt = only().startsAt();

        RuleEngine after = engine(PROBE_DOWN);
        probe(after, 0, 100); // no `for` wait, no new episode
        assertThat(only().firing()).isTrue();
        assertThat(only().startsAt()).isEqualTo(startsAt);
        probe(after, 1, 130);
        assertThat(only().firing()).isFalse();
    }

    @Test
    void anAlertWhoseSeriesIsNoLongerReportedResolvesAfterTheUnknownIntervalGraceWithTheReason() {
        RuleEngine before = engine(PROBE_DOWN);
        for (int s = 0; s <= 60; s += 30) probe(before, 0, s);

        RuleEngine after = engine(PROBE_DOWN);
        tick(after, 100); // takes over, nothing reports the target any more
        tick(after, 100 + 299);
        assertThat(only().firing()).isTrue();
        tick(after, 100 + 300);
        assertThat(only().firing()).isFalse();
        assertThat(only().annotations().get(Resolution.REASON)).contains("no sample of probe.up for 5m");
    }

    @Test
    void anAlertOfARuleTurnedOffResolvesWhenTheRulesAreInstalled() {
        RuleEngine before = engine(PROBE_DOWN);
        for (int s = 0; s <= 60; s += 30) probe(before, 0, s);

        RuleEngine after = engine(
                new ThresholdRule("ProbeDown", "probe.up", Direction.BELOW, null, 0.0, 1.0, null, null, null, false));
        tick(after, 100);
        assertThat(only().firing()).isFalse();
        assertThat(only().annotations()).containsEntry(Resolution.REASON, "rule ProbeDown is disabled in the config");
    }

    @Test
    void aCountAlertTakenOverStaysWhileMatchesComeAndResolvesAfterTheQuietTime() {
        RuleEngine before = engine(BRUTE);
        for (int s = 0; s < 3; s++) {
            now = T0.plusSeconds(s);
            apply(before.evaluate("http-probe", new Match("SshBruteForce", Labels.of("ip", "10.0.0.9"), "x", now)));
        }
        Instant startsAt = only().startsAt();

        RuleEngine after = engine(BRUTE);
        now = T0.plusSeconds(100);
        apply(after.evaluate("http-probe", new Match("SshBruteForce", Labels.of("ip", "10.0.0.9"), "x", now)));
        assertThat(only().firing()).isTrue();
        assertThat(only().startsAt()).isEqualTo(startsAt);
        tick(after, 100 + 599);
        assertThat(only().firing()).isTrue();
        tick(after, 100 + 600);
        assertThat(only().firing()).isFalse();
        assertThat(only().annotations()).containsEntry("summary", "SshBruteForce: resolved, no match for 10m");
    }
}
