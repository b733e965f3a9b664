package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.config.InhibitRuleConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inhibition with Alertmanager's semantics (its inhibit package's cases: equal labels, missing labels, alerts on
 * both sides, resolved sources), driven through the alert state, with the changes clients would see.
 */
class InhibitionTest extends AlertStateFixtures {

    static final Map<String, String> DOWN_A = Map.of("alertname", "HostDown", "instance", "a", "severity", "critical");
    static final Map<String, String> DISK_A = Map.of("alertname", "DiskFull", "instance", "a", "severity", "warning");
    static final Map<String, String> DISK_B = Map.of("alertname", "DiskFull", "instance", "b", "severity", "warning");

    static AlertState withRules(InhibitRuleConfig... rules) {
        return new AlertState(
                RESOLVE_TIMEOUT,
                RESOLVED_RETENTION,
                SILENCE_RETENTION,
                ids("s"),
                Duration.ofMillis(50),
                Duration.ofMinutes(10),
                InhibitRule.parse(List.of(rules)));
    }

    static InhibitRuleConfig rule(List<String> source, List<String> target, String... equal) {
        return new InhibitRuleConfig(source, target, List.of(equal));
    }

    static final InhibitRuleConfig HOST_DOWN =
            rule(List.of("alertname=HostDown"), List.of("severity=~warning|info"), "instance");

    static List<String> by(AlertState s, Map<String, String> labels) {
        return s.alert(Fingerprint.of(labels)).orElseThrow().inhibitedBy();
    }

    @Test
    void aFiringSourceInhibitsTargetsWithTheSameEqualLabelsOnly() {
        AlertState s = withRules(HOST_DOWN);
        s.ingest(firing(DISK_A), "p", T0);
        s.ingest(firing(DISK_B), "p", T0);
        List<Change> changes = s.ingest(firing(DOWN_A), "p", at(1));
        // the source fires, then the one target it inhibits changes: one change each
        assertThat(changes)
                .extracting(c -> ((AlertChanged) c).alert().fingerprint())
                .containsExactly(Fingerprint.of(DOWN_A), Fingerprint.of(DISK_A));
        assertThat(by(s, DISK_A)).containsExactly(Fingerprint.of(DOWN_A));
        assertThat(by(s, DISK_B)).isEmpty();
        assertThat(by(s, DOWN_A)).as("a critical source is no target").isEmpty();
    }

    @Test
    void aTargetArrivingWhileTheSourceFiresIsInhibitedInItsFirstChange() {
        AlertState s = withRules(HOST_DOWN);
        s.ingest(firing(DOWN_A), "p", T0);
        Alert disk = onlyAlert(s.ingest(firing(DISK_A), "p", at(1)));
        assertThat(disk.inhibitedBy()).containsExactly(Fingerprint.of(DOWN_A));
    }

    @Test
    void missingEqualLabelsCountAsEmptyOnBothSides() {
        AlertState s = withRules(rule(List.of("alertname=HostDown"), List.of("alertname=DiskFull"), "cluster"));
        s.ingest(firing(DOWN_A), "p", T0);
        s.ingest(firing(DISK_A), "p", T0);
        assertThat(by(s, DISK_A)).as("neither has cluster").containsExactly(Fingerprint.of(DOWN_A));
        Map<String, String> inCluster = Map.of("alertname", "DiskFull", "instance", "c", "cluster", "x");
        s.ingest(firing(inCluster), "p", T0);
        assertThat(by(s, inCluster)).as("cluster=x against none").isEmpty();
    }

    @Test
    void anAlertOnBothSidesIsNotInhibitedByItselfNorByAnotherOnBothSides() {
        // every alert of the job is both source and target
        AlertState s = withRules(rule(List.of("job=api"), List.of("job=api")));
        Map<String, String> one = Map.of("alertname", "A", "job", "api");
        Map<String, String> two = Map.of("alertname", "B", "job", "api");
        s.ingest(firing(one), "p", T0);
        s.ingest(firing(two), "p", T0);
        assertThat(by(s, one)).isEmpty();
        assertThat(by(s, two)).isEmpty();
        // a source that is only a source does inhibit an alert on both sides
        AlertState t = withRules(rule(List.of("severity=critical"), List.of("job=api")));
        Map<String, String> both = Map.of("alertname", "A", "job", "api", "severity", "critical");
        Map<String, String> sourceOnly = Map.of("alertname", "Down", "severity", "critical");
        t.ingest(firing(both), "p", T0);
        t.ingest(firing(sourceOnly), "p", T0);
        assertThat(by(t, both)).containsExactly(Fingerprint.of(sourceOnly));
        assertThat(by(t, sourceOnly)).isEmpty();
    }

    @Test
    void whenTheSourceResolvesTheTargetsComeBackInTheSameStep() {
        AlertState s = withRules(HOST_DOWN);
        s.ingest(firing(DOWN_A), "p", T0);
        s.ingest(firing(DISK_A), "p", T0);
        List<Change> changes = s.ingest(resolvedAt(DOWN_A, at(5)), "p", at(5));
        assertThat(changes).hasSize(2);
        assertThat(((AlertChanged) changes.get(0)).alert().firing()).isFalse();
        assertThat(((AlertChanged) changes.get(1)).alert().inhibitedBy()).isEmpty();
        // a source that resolves by timeout frees its targets the same way
        s.ingest(firing(DOWN_A), "p", at(10));
        assertThat(by(s, DISK_A)).isNotEmpty();
        s.ingest(firing(DISK_A), "p", at(10 + 250)); // the target is re-sent, the source is not
        s.tick(at(10 + 301));
        assertThat(s.alert(Fingerprint.of(DOWN_A)).orElseThrow().firing()).isFalse();
        assertThat(by(s, DISK_A)).isEmpty();
    }

    @Test
    void aResolvedTargetIsNotInhibitedAndAChangeTouchesEachAlertOnce() {
        AlertState s = withRules(HOST_DOWN);
        s.ingest(firing(DOWN_A), "p", T0);
        s.ingest(firing(DISK_A), "p", T0);
        Alert resolved = onlyAlert(s.ingest(resolvedAt(DISK_A, at(3)), "p", at(3)));
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.inhibitedBy()).isEmpty();
    }

    @Test
    void silencedSourcesStillInhibitAndAfterARestoreTheNextTickJudgesAgain() {
        AlertState s = withRules(HOST_DOWN);
        s.addSilence(new SilenceRequest(matchers("alertname=HostDown"), null, at(3600), "ana", null, ""), T0);
        s.ingest(firing(DOWN_A), "p", T0);
        s.ingest(firing(DISK_A), "p", T0);
        assertThat(by(s, DISK_A)).containsExactly(Fingerprint.of(DOWN_A));
        AlertState restarted = withRules(HOST_DOWN);
        Alert stripped = s.alert(Fingerprint.of(DISK_A)).orElseThrow().withInhibitedBy(List.of());
        restarted.restore(List.of(s.alert(Fingerprint.of(DOWN_A)).orElseThrow(), stripped), s.silences());
        List<Change> changes = restarted.tick(at(1));
        assertThat(changes)
                .anySatisfy(c ->
                        assertThat(((AlertChanged) c).alert().inhibitedBy()).containsExactly(Fingerprint.of(DOWN_A)));
    }

    @Test
    void eachSourceTouchesOnlyTheTargetsItInhibitsAmongThousands() {
        AlertState s = withRules(HOST_DOWN);
        for (int i = 0; i < 5_000; i++) {
            s.ingest(firing(Map.of("alertname", "DiskFull", "instance", "h" + i, "severity", "warning")), "p", T0);
        }
        for (int i = 0; i < 5_000; i++) {
            Map<String, String> down = Map.of("alertname", "HostDown", "instance", "h" + i);
            List<Change> changes = s.ingest(firing(down), "p", at(1));
            // the source and the one alert of its host: nothing else is changed (nor judged, by the indexes)
            assertThat(changes).hasSize(2);
            assertThat(((AlertChanged) changes.get(1)).alert().labels()).containsEntry("instance", "h" + i);
        }
        // the sources leave by retention after resolving; a re-pushed target is judged against what is left
        for (int i = 0; i < 5_000; i++) {
            s.ingest(resolvedAt(Map.of("alertname", "HostDown", "instance", "h" + i), at(2)), "p", at(2));
        }
        s.tick(at(2).plus(RESOLVED_RETENTION).plusSeconds(1));
        assertThat(s.alerts()).allSatisfy(a -> assertThat(a.inhibitedBy()).isEmpty());
    }

    @Test
    void aRuleWhoseMatcherDoesNotParseIsRefusedNamingIt() {
        assertThatThrownBy(() -> InhibitRule.parse(List.of(rule(List.of("alertname=HostDown"), List.of("sev=~(a")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("alerts.inhibitRules[0].targetMatchers[0]: ");
    }
}
