package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The alert state machine: silences, retention, reads and restore. */
class AlertStateSilencesTest extends AlertStateFixtures {

    @Nested
    class Silences {

        @Test
        void anActiveSilenceIsReportedFirstThenTheAlertsItSilences() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(firing(CPU), "p", T0);
            List<Change> changes = state.addSilence(
                    new SilenceRequest(
                            matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, "maintenance"),
                    at(10));
            assertThat(changes).hasSize(2);
            Silence s = ((SilenceChanged) changes.get(0)).silence();
            assertThat(s)
                    .isEqualTo(new Silence(
                            "s1",
                            matchers("alertname=HostOutOfDiskSpace"),
                            at(10),
                            at(3600),
                            "ana",
                            "maintenance",
                            Silence.Status.ACTIVE,
                            null));
            Alert a = ((AlertChanged) changes.get(1)).alert();
            assertThat(a.fingerprint()).isEqualTo(DISK_FP);
            assertThat(a.silencedBy()).containsExactly("s1");
            assertThat(a.updatedAt()).isEqualTo(at(10));
            assertThat(stored(CPU_FP).silencedBy()).isEmpty();
            assertThat(state.silence("s1")).contains(s);
        }

        @Test
        void alertsChangedByASilenceComeInFingerprintOrder() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(firing(CPU), "p", T0);
            List<Change> changes = state.addSilence(
                    new SilenceRequest(matchers("instance=~vps-.*"), null, at(60), "ana", null, ""), T0);
            assertThat(changes).hasSize(3);
            assertThat(changes.get(0)).isInstanceOf(SilenceChanged.class);
            List<String> fps = changes.subList(1, 3).stream()
                    .map(c -> ((AlertChanged) c).alert().fingerprint())
                    .toList();
            assertThat(fps).isSorted().containsExactlyInAnyOrder(DISK_FP, CPU_FP);
        }

        @Test
        void resolvedAlertsAreMarkedSilencedToo() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(1)), "p", at(1));
            List<Change> changes = state.addSilence(
                    new SilenceRequest(matchers("instance=vps-01"), null, at(60), "ana", null, ""), at(2));
            assertThat(changes).hasSize(2);
            assertThat(((AlertChanged) changes.get(1)).alert().silencedBy()).containsExactly("s1");
        }

        @Test
        void silencedByListsEveryMatchingSilenceSortedById() {
            AlertState s = new AlertState(
                    RESOLVE_TIMEOUT,
                    RESOLVED_RETENTION,
                    SILENCE_RETENTION,
                    new ArrayList<>(List.of("c", "a", "b")).iterator()::next);
            s.ingest(firing(DISK), "p", T0);
            s.addSilence(new SilenceRequest(matchers("instance=vps-01"), null, at(60), "ana", null, ""), T0);
            s.addSilence(new SilenceRequest(matchers("severity=critical"), null, at(60), "ana", null, ""), T0);
            s.addSilence(new SilenceRequest(matchers("alertname=~Host.*"), null, at(60), "ana", null, ""), T0);
            assertThat(s.alert(DISK_FP).orElseThrow().silencedBy()).containsExactly("a", "b", "c");
        }

        @Test
        void aNewAlertUnderAnActiveSilenceIsBornSilenced() {
            state.addSilence(new SilenceRequest(matchers("instance=vps-01"), null, at(60), "ana", null, ""), T0);
            assertThat(onlyAlert(state.ingest(firing(DISK), "p", at(1))).silencedBy())
                    .containsExactly("s1");
        }

        @Test
        void silencesMatchLabelsOnlyWithoutTheSeverityFallback() {
            state.ingest(firing(CPU), "p", T0); // no severity label, severity "warning"
            assertThat(state.addSilence(
                            new SilenceRequest(matchers("severity=warning"), null, at(60), "ana", null, ""), T0))
                    .hasSize(1);
            assertThat(stored(CPU_FP).silencedBy()).isEmpty();
        }

        @Test
        void aPendingSilenceStartsAndEndsOnTicksUpdatingSilencedBy() {
            state.ingest(firingUntil(DISK, at(7200)), "p", T0);
            Silence pending = onlySilence(state.addSilence(
                    new SilenceRequest(matchers("instance=vps-01"), at(600), at(1200), "ana", null, "window"), T0));
            assertThat(pending.status()).isEqualTo(Silence.Status.PENDING);
            assertThat(pending.startsAt()).isEqualTo(at(600));
            assertThat(stored(DISK_FP).silencedBy()).isEmpty();
            assertThat(state.tick(at(599))).isEmpty();

            List<Change> start = state.tick(at(600));
            assertThat(start).hasSize(2);
            assertThat(((SilenceChanged) start.get(0)).silence().status()).isEqualTo(Silence.Status.ACTIVE);
            Alert silenced = ((AlertChanged) start.get(1)).alert();
            assertThat(silenced.silencedBy()).containsExactly("s1");
            assertThat(silenced.updatedAt()).isEqualTo(at(600));
            assertThat(state.tick(at(601))).isEmpty();

            List<Change> end = state.tick(at(1200));
            assertThat(end).hasSize(2);
            Silence expired = ((SilenceChanged) end.get(0)).silence();
            assertThat(expired.status()).isEqualTo(Silence.Status.EXPIRED);
            assertThat(expired.endsAt()).isEqualTo(at(1200));
            assertThat(((AlertChanged) end.get(1)).alert().silencedBy()).isEmpty();
        }

        @Test
        void aPendingSilenceWhoseWholeWindowPassedBetweenTicksGoesStraightToExpired() {
            state.addSilence(new SilenceRequest(matchers("a=b"), at(10), at(20), "ana", null, ""), T0);
            assertThat(onlySilence(state.tick(at(30))).status()).isEqualTo(Silence.Status.EXPIRED);
        }

        @Test
        void silenceChangesComeBeforeAlertChangesInATick() {
            state.ingest(firingUntil(DISK, at(100)), "p", T0);
            state.addSilence(new SilenceRequest(matchers("instance=vps-01"), null, at(100), "ana", null, ""), T0);
            List<Change> changes = state.tick(at(100));
            assertThat(changes).hasSize(2);
            assertThat(changes.get(0)).isInstanceOf(SilenceChanged.class);
            Alert a = ((AlertChanged) changes.get(1)).alert();
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.silencedBy()).isEmpty();
        }

        @Test
        void aStartsAtInThePastCountsAsNow() {
            Silence s = onlySilence(
                    state.addSilence(new SilenceRequest(matchers("a=b"), at(-60), at(60), "ana", null, ""), T0));
            assertThat(s.startsAt()).isEqualTo(T0);
            assertThat(s.status()).isEqualTo(Silence.Status.ACTIVE);
        }

        @Test
        void badSilencesAreRefusedSayingWhatToGive() {
            assertThatThrownBy(() -> state.addSilence(new SilenceRequest(List.of(), null, at(60), "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one matcher");
            assertThatThrownBy(() -> state.addSilence(new SilenceRequest(null, null, at(60), "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least one matcher");
            assertThatThrownBy(
                            () -> state.addSilence(new SilenceRequest(matchers("a=b"), null, T0, "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be after now");
            assertThatThrownBy(() ->
                            state.addSilence(new SilenceRequest(matchers("a=b"), null, at(-1), "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be after now");
            assertThatThrownBy(() ->
                            state.addSilence(new SilenceRequest(matchers("a=b"), null, null, "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("endsAt null");
            assertThatThrownBy(() ->
                            state.addSilence(new SilenceRequest(matchers("a=b"), at(120), at(60), "ana", null, ""), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be after its startsAt " + at(120));
            assertThat(state.silences()).isEmpty();
        }

        @Test
        void aSilenceWhoseMatchersAllMatchMissingLabelsIsRefusedAsInAlertmanager() {
            assertThatThrownBy(() -> state.addSilence(
                            new SilenceRequest(
                                    matchers("env=\"\"", "team!=ops", "x=~.*"), null, at(60), "ana", null, ""),
                            T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nearly everything");
            assertThat(state.addSilence(
                            new SilenceRequest(matchers("env=\"\"", "team=ops"), null, at(60), "ana", null, ""), T0))
                    .isNotEmpty();
        }

        @Test
        void expiringASilenceEndsItNowAndUnsilencesItsAlerts() {
            state.ingest(firing(DISK), "p", T0);
            state.addSilence(new SilenceRequest(matchers("instance=vps-01"), null, at(3600), "ana", null, ""), T0);
            List<Change> changes = state.expireSilence("s1", at(30));
            assertThat(changes).hasSize(2);
            Silence s = ((SilenceChanged) changes.get(0)).silence();
            assertThat(s.status()).isEqualTo(Silence.Status.EXPIRED);
            assertThat(s.endsAt()).isEqualTo(at(30));
            assertThat(s.startsAt()).isEqualTo(T0);
            assertThat(((AlertChanged) changes.get(1)).alert().silencedBy()).isEmpty();
            assertThat(state.expireSilence("s1", at(40))).as("already expired").isEmpty();
        }

        @Test
        void expiringAPendingSilenceMeansItNeverStarts() {
            state.addSilence(new SilenceRequest(matchers("a=b"), at(600), at(1200), "ana", null, ""), T0);
            Silence s = onlySilence(state.expireSilence("s1", at(30)));
            assertThat(s.startsAt()).isEqualTo(at(30));
            assertThat(s.endsAt()).isEqualTo(at(30));
            assertThat(state.tick(at(700))).isEmpty();
        }

        @Test
        void expiringASilencePastItsEndBeforeTheTickKeepsItsEnd() {
            state.addSilence(new SilenceRequest(matchers("a=b"), null, at(60), "ana", null, ""), T0);
            assertThat(onlySilence(state.expireSilence("s1", at(90))).endsAt()).isEqualTo(at(60));
        }

        @Test
        void expiringAnUnknownSilenceNamesItAndSaysHowToListSilences() {
            assertThatThrownBy(() -> state.expireSilence("nope", T0))
                    .isInstanceOf(NoSuchSilenceException.class)
                    .hasMessageContaining("'nope'")
                    .hasMessageContaining("GET /api/silences")
                    .satisfies(
                            e -> assertThat(((NoSuchSilenceException) e).id()).isEqualTo("nope"));
        }

        @Test
        void aRepeatedIdFromTheSupplierIsRefused() {
            AlertState s = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, () -> "same");
            s.addSilence(new SilenceRequest(matchers("a=b"), null, at(60), "ana", null, ""), T0);
            assertThatThrownBy(
                            () -> s.addSilence(new SilenceRequest(matchers("a=c"), null, at(60), "ana", null, ""), T0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("same");
        }

        @Test
        void theConvenienceConstructorGivesDistinctUuidIds() {
            AlertState s = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION);
            String a = onlySilence(s.addSilence(new SilenceRequest(matchers("a=b"), null, at(60), "ana", null, ""), T0))
                    .id();
            String b = onlySilence(s.addSilence(new SilenceRequest(matchers("a=b"), null, at(60), "ana", null, ""), T0))
                    .id();
            assertThat(a).isNotEqualTo(b).matches("[0-9a-f-]{36}");
        }
    }

    @Nested
    class Retention {

        @Test
        void aResolvedAlertIsDroppedSilentlyOnceItsRetentionHasPassed() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(60)), "p", at(60));
            Instant edge = at(60).plus(RESOLVED_RETENTION);
            assertThat(state.tick(edge)).isEmpty();
            assertThat(state.alert(DISK_FP))
                    .as("kept up to and including endsAt + retention")
                    .isPresent();
            assertThat(state.tick(edge.plusSeconds(1))).isEmpty();
            assertThat(state.alert(DISK_FP)).isEmpty();
            assertThat(state.size()).isZero();
        }

        @Test
        void afterTheDropTheAlertIsUnknownAgain() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(60)), "p", at(60));
            Instant later = at(60).plus(RESOLVED_RETENTION).plusSeconds(1);
            state.tick(later);
            assertThatThrownBy(() -> state.ack(DISK_FP, "ana", "", later)).isInstanceOf(NoSuchAlertException.class);
            assertThat(state.ingest(resolvedAt(DISK, later), "p", later)).isEmpty();
            assertThat(onlyAlert(state.ingest(firing(DISK), "p", later)).startsAt())
                    .isEqualTo(later);
        }

        @Test
        void anAlertResolvedByALateTickIsReportedAndKeptUntilALaterTick() {
            state.ingest(firing(DISK), "p", T0);
            Instant muchLater = at(300).plus(RESOLVED_RETENTION).plusSeconds(60);
            assertThat(onlyAlert(state.tick(muchLater)).endsAt()).isEqualTo(at(300));
            assertThat(state.alert(DISK_FP)).isPresent();
            assertThat(state.tick(muchLater.plusSeconds(1))).isEmpty();
            assertThat(state.alert(DISK_FP)).isEmpty();
        }

        @Test
        void anExpiredSilenceIsDroppedSilentlyOnceItsRetentionHasPassed() {
            state.addSilence(new SilenceRequest(matchers("a=b"), null, at(60), "ana", null, ""), T0);
            state.expireSilence("s1", at(10));
            Instant edge = at(10).plus(SILENCE_RETENTION);
            assertThat(state.tick(edge)).isEmpty();
            assertThat(state.silence("s1")).isPresent();
            assertThat(state.tick(edge.plusSeconds(1))).isEmpty();
            assertThat(state.silence("s1")).isEmpty();
            assertThatThrownBy(() -> state.expireSilence("s1", edge)).isInstanceOf(NoSuchSilenceException.class);
        }

        @Test
        void firingAlertsAndLiveSilencesAreNeverDropped() {
            state.ingest(firingUntil(DISK, at(100_000)), "p", T0);
            state.addSilence(new SilenceRequest(matchers("a=b"), null, at(100_000), "ana", null, ""), T0);
            state.tick(at(50_000));
            assertThat(state.alert(DISK_FP)).isPresent();
            assertThat(state.silence("s1")).isPresent();
        }
    }

    @Nested
    class ReadsAndRestore {

        @Test
        void readsAreCopiesInKeyOrder() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(firing(CPU), "p", T0);
            var alerts = state.alerts();
            assertThat(alerts).extracting(Alert::fingerprint).isSorted().hasSize(2);
            assertThatThrownBy(alerts::clear).isInstanceOf(UnsupportedOperationException.class);
            state.ingest(firing(Map.of("alertname", "Third")), "p", T0);
            assertThat(alerts).hasSize(2);
            assertThat(state.size()).isEqualTo(3);
            assertThatThrownBy(() -> state.silences().clear()).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void restoreReplacesEverythingAndTheNextTickRecomputesSilencingAndExpiry() {
            state.ingest(firing(CPU), "p", T0);
            Alert persisted = Alert.firing(DISK_FP, "critical", DISK, Map.of(), "p", T0);
            Silence silence = new Silence(
                    "r1", matchers("instance=vps-01"), T0, at(3600), "ana", "", Silence.Status.ACTIVE, null);
            state.restore(List.of(persisted), List.of(silence));
            assertThat(state.alert(CPU_FP)).isEmpty();
            assertThat(state.alerts()).containsExactly(persisted);
            assertThat(state.silences()).containsExactly(silence);

            Alert fixed = onlyAlert(state.tick(at(60)));
            assertThat(fixed.silencedBy()).containsExactly("r1");
            assertThat(fixed.expiresAt()).isEqualTo(at(60).plus(RESOLVE_TIMEOUT));
            assertThat(state.tick(at(61))).isEmpty();
        }
    }

    @Test
    void durationsAreValidatedWithTheirNames() {
        assertThatThrownBy(() -> new AlertState(Duration.ZERO, RESOLVED_RETENTION, SILENCE_RETENTION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolveTimeout");
        assertThatThrownBy(() -> new AlertState(RESOLVE_TIMEOUT, Duration.ofSeconds(-1), SILENCE_RETENTION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolvedRetention");
        assertThatThrownBy(() -> new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiredSilenceRetention");
        new AlertState(RESOLVE_TIMEOUT, Duration.ZERO, Duration.ZERO);
    }
}
