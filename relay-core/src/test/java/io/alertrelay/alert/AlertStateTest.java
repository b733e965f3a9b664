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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AlertStateTest {

    static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");
    static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    static final Duration SILENCE_RETENTION = Duration.ofHours(1);

    static final Map<String, String> DISK = Map.of(
            "alertname", "HostOutOfDiskSpace", "instance", "vps-01", "severity", "critical");
    static final Map<String, String> CPU = Map.of("alertname", "HostHighCpu", "instance", "vps-02");
    static final String DISK_FP = Fingerprint.of(DISK);
    static final String CPU_FP = Fingerprint.of(CPU);

    final AlertState state = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, ids("s"));

    static Supplier<String> ids(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return () -> prefix + n.incrementAndGet();
    }

    static Instant at(int seconds) { return T0.plusSeconds(seconds); }

    static PostableAlert firing(Map<String, String> labels) {
        return new PostableAlert(labels, Map.of("summary", "s"), null, null, null);
    }

    static PostableAlert firing(Map<String, String> labels, Map<String, String> annotations) {
        return new PostableAlert(labels, annotations, null, null, null);
    }

    static PostableAlert firingSince(Map<String, String> labels, Instant startsAt) {
        return new PostableAlert(labels, Map.of("summary", "s"), startsAt, null, null);
    }

    static PostableAlert firingUntil(Map<String, String> labels, Instant endsAt) {
        return new PostableAlert(labels, Map.of("summary", "s"), null, endsAt, null);
    }

    static PostableAlert resolvedAt(Map<String, String> labels, Instant endsAt) {
        return new PostableAlert(labels, Map.of("summary", "s"), null, endsAt, null);
    }

    static Alert onlyAlert(List<Change> changes) {
        assertThat(changes).hasSize(1).first().isInstanceOf(AlertChanged.class);
        return ((AlertChanged) changes.get(0)).alert();
    }

    static Silence onlySilence(List<Change> changes) {
        assertThat(changes).hasSize(1).first().isInstanceOf(SilenceChanged.class);
        return ((SilenceChanged) changes.get(0)).silence();
    }

    static List<Matcher> matchers(String... texts) {
        return AlertFilter.parse(List.of(texts)).matchers();
    }

    Alert stored(String fp) { return state.alert(fp).orElseThrow(); }

    /** What a client sees: everything but updatedAt and expiresAt (written here independently of AlertState). */
    static boolean sameVisible(Alert a, Alert b) {
        return invisiblePartsCleared(a).equals(invisiblePartsCleared(b));
    }

    private static Alert invisiblePartsCleared(Alert a) {
        return new Alert(a.fingerprint(), a.status(), a.severity(), a.labels(), a.annotations(), a.startsAt(),
                a.endsAt(), null, a.source(), a.ack(), a.silencedBy(), null);
    }

    @Nested
    class Ingest {

        @Test
        void aNewFiringAlertIsStoredAndReportedWithEveryFieldSet() {
            Alert a = onlyAlert(state.ingest(firing(DISK), "host-metrics", T0));
            assertThat(a.fingerprint()).isEqualTo(DISK_FP);
            assertThat(a.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(a.severity()).isEqualTo("critical");
            assertThat(a.labels()).isEqualTo(DISK);
            assertThat(a.annotations()).isEqualTo(Map.of("summary", "s"));
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(a.endsAt()).isNull();
            assertThat(a.updatedAt()).isEqualTo(T0);
            assertThat(a.source()).isEqualTo("host-metrics");
            assertThat(a.ack()).isNull();
            assertThat(a.silencedBy()).isEmpty();
            assertThat(a.expiresAt()).isEqualTo(T0.plus(RESOLVE_TIMEOUT));
            assertThat(stored(DISK_FP)).isEqualTo(a);
            assertThat(state.size()).isEqualTo(1);
        }

        @Test
        void anAlertWithoutASeverityLabelIsAWarning() {
            assertThat(onlyAlert(state.ingest(firing(CPU), "p", T0)).severity()).isEqualTo("warning");
        }

        @Test
        void aGivenStartsAtIsKept() {
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(-600)), "p", T0)).startsAt()).isEqualTo(at(-600));
        }

        @Test
        void aFutureEndsAtIsWhenItExpiresInsteadOfTheResolveTimeout() {
            assertThat(onlyAlert(state.ingest(firingUntil(DISK, at(60)), "p", T0)).expiresAt()).isEqualTo(at(60));
            assertThat(onlyAlert(state.ingest(firingUntil(CPU, at(3600)), "p", T0)).expiresAt())
                    .isEqualTo(at(3600));
        }

        @Test
        void aResolvedPushForAnUnknownAlertIsIgnoredAndNotStored() {
            assertThat(state.ingest(resolvedAt(DISK, at(-10)), "p", T0)).isEmpty();
            assertThat(state.ingest(resolvedAt(DISK, T0), "p", T0)).isEmpty();
            assertThat(state.size()).isZero();
            assertThat(state.alert(DISK_FP)).isEmpty();
        }

        @Test
        void anIdenticalResendProducesNoChangeAndKeepsUpdatedAt() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(state.ingest(firing(DISK), "p", at(30))).isEmpty();
            assertThat(state.ingest(firingSince(DISK, T0), "p", at(60))).as("same startsAt given").isEmpty();
            assertThat(stored(DISK_FP).updatedAt()).isEqualTo(T0);
        }

        @Test
        void aResendWithANewAnnotationProducesOneChange() {
            state.ingest(firing(DISK), "p", T0);
            Alert a = onlyAlert(state.ingest(firing(DISK, Map.of("summary", "96% full")), "p", at(30)));
            assertThat(a.annotations()).isEqualTo(Map.of("summary", "96% full"));
            assertThat(a.updatedAt()).isEqualTo(at(30));
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(state.ingest(firing(DISK, Map.of("summary", "96% full")), "p", at(60))).isEmpty();
        }

        @Test
        void aResendFromAnotherSourceIsAVisibleChange() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(onlyAlert(state.ingest(firing(DISK), "q", at(1))).source()).isEqualTo("q");
        }

        @Test
        void aResendExtendsTheExpirySoATickDoesNotResolveIt() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(state.ingest(firing(DISK), "p", at(240))).isEmpty();
            assertThat(stored(DISK_FP).expiresAt()).isEqualTo(at(240).plus(RESOLVE_TIMEOUT));
            assertThat(state.tick(at(360))).as("past the first expiry").isEmpty();
            assertThat(stored(DISK_FP).firing()).isTrue();
            Alert resolved = onlyAlert(state.tick(at(540)));
            assertThat(resolved.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(resolved.endsAt()).isEqualTo(at(540));
        }

        @Test
        void aResendWithAnEarlierStartsAtMovesTheStartBackALaterOneDoesNot() {
            state.ingest(firingSince(DISK, T0), "p", T0);
            assertThat(state.ingest(firingSince(DISK, at(30)), "p", at(30))).isEmpty();
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(-30)), "p", at(60))).startsAt())
                    .isEqualTo(at(-30));
        }

        @Test
        void anExplicitEndsAtResolvesWithThatEndsAt() {
            state.ingest(firing(DISK), "p", T0);
            Alert a = onlyAlert(state.ingest(resolvedAt(DISK, at(60)), "p", at(120)));
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.endsAt()).isEqualTo(at(60));
            assertThat(a.updatedAt()).isEqualTo(at(120));
            assertThat(a.startsAt()).isEqualTo(T0);
        }

        @Test
        void anEndsAtEqualToNowCountsAsResolved() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(onlyAlert(state.ingest(resolvedAt(DISK, at(10)), "p", at(10))).firing()).isFalse();
        }

        @Test
        void anEndsAtBeforeTheStartIsClampedToTheStartSoTimeNeverRunsBackwards() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(onlyAlert(state.ingest(resolvedAt(DISK, at(-60)), "p", at(10))).endsAt()).isEqualTo(T0);
        }

        @Test
        void resolvingAnAlreadyResolvedAlertChangesNothing() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(60)), "p", at(60));
            assertThat(state.ingest(resolvedAt(DISK, at(90)), "p", at(90))).isEmpty();
            assertThat(stored(DISK_FP).endsAt()).isEqualTo(at(60));
        }

        @Test
        void firingAfterResolveStartsANewEpisodeAndClearsTheAck() {
            state.ingest(firingSince(DISK, T0), "p", T0);
            state.ack(DISK_FP, "ana", "looking", at(10));
            state.ingest(resolvedAt(DISK, at(60)), "p", at(60));
            assertThat(stored(DISK_FP).ack()).as("the ack stays on the resolved episode").isNotNull();
            Alert again = onlyAlert(state.ingest(firing(DISK), "p", at(120)));
            assertThat(again.status()).isEqualTo(Alert.Status.FIRING);
            assertThat(again.startsAt()).isEqualTo(at(120));
            assertThat(again.endsAt()).isNull();
            assertThat(again.ack()).isNull();
            assertThat(again.updatedAt()).isEqualTo(at(120));
            assertThat(again.expiresAt()).isEqualTo(at(120).plus(RESOLVE_TIMEOUT));
        }

        @Test
        void aNewEpisodeTakesTheGivenStartsAt() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(60)), "p", at(60));
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(100)), "p", at(120))).startsAt())
                    .isEqualTo(at(100));
        }

        @Test
        void anInvalidAlertIsRefusedWithTheValidationProblem() {
            PostableAlert bad = new PostableAlert(Map.of("alertname", "X", "env", ""), null, null, null, null);
            assertThatThrownBy(() -> state.ingest(bad, "p", T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'env' with an empty value");
            assertThat(state.size()).isZero();
        }
    }

    @Nested
    class Timeout {

        @Test
        void aFiringAlertResolvesAtItsExpiryWhenNotResent() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(state.tick(at(299))).isEmpty();
            Alert a = onlyAlert(state.tick(at(300)));
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.endsAt()).isEqualTo(at(300));
            assertThat(a.updatedAt()).isEqualTo(at(300));
            assertThat(state.tick(at(301))).isEmpty();
        }

        @Test
        void aLateTickStillResolvesAtTheExpiryNotAtTheTick() {
            state.ingest(firingUntil(DISK, at(60)), "p", T0);
            assertThat(onlyAlert(state.tick(at(200))).endsAt()).isEqualTo(at(60));
        }

        @Test
        void alertsResolvedInOneTickComeOutInFingerprintOrder() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(firing(CPU), "p", T0);
            List<Change> changes = state.tick(at(300));
            assertThat(changes).hasSize(2);
            List<String> fps = changes.stream().map(c -> ((AlertChanged) c).alert().fingerprint()).toList();
            assertThat(fps).isSorted().containsExactlyInAnyOrder(DISK_FP, CPU_FP);
        }
    }

    @Nested
    class Acks {

        @Test
        void ackRecordsWhoWhenAndWhy() {
            state.ingest(firing(DISK), "p", T0);
            Alert a = onlyAlert(state.ack(DISK_FP, "ana", "on it", at(5)));
            assertThat(a.ack()).isEqualTo(new Ack("ana", at(5), "on it"));
            assertThat(a.updatedAt()).isEqualTo(at(5));
        }

        @Test
        void reAckingReplacesTheAck() {
            state.ingest(firing(DISK), "p", T0);
            state.ack(DISK_FP, "ana", "on it", at(5));
            assertThat(onlyAlert(state.ack(DISK_FP, "bo", null, at(9))).ack()).isEqualTo(new Ack("bo", at(9), ""));
        }

        @Test
        void reAckingIdenticallyAtTheSameInstantIsNoChange() {
            state.ingest(firing(DISK), "p", T0);
            state.ack(DISK_FP, "ana", "on it", at(5));
            assertThat(state.ack(DISK_FP, "ana", "on it", at(5))).isEmpty();
        }

        @Test
        void anAckSurvivesResendsOfTheSameEpisode() {
            state.ingest(firing(DISK), "p", T0);
            state.ack(DISK_FP, "ana", "on it", at(5));
            assertThat(state.ingest(firing(DISK), "p", at(60))).isEmpty();
            assertThat(stored(DISK_FP).ack()).isNotNull();
        }

        @Test
        void ackingAnUnknownAlertNamesItAndSaysHowToListAlerts() {
            assertThatThrownBy(() -> state.ack("0123456789abcdef", "ana", "", T0))
                    .isInstanceOf(NoSuchAlertException.class)
                    .hasMessageContaining("0123456789abcdef")
                    .hasMessageContaining("GET /api/alerts")
                    .satisfies(e -> assertThat(((NoSuchAlertException) e).fingerprint()).isEqualTo("0123456789abcdef"));
        }

        @Test
        void ackingAResolvedAlertIsRefused() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(1)), "p", at(1));
            assertThatThrownBy(() -> state.ack(DISK_FP, "ana", "", at(2)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("alert " + DISK_FP + " is resolved; only firing alerts can be acknowledged");
        }

        @Test
        void unackRemovesTheAck() {
            state.ingest(firing(DISK), "p", T0);
            state.ack(DISK_FP, "ana", "on it", at(5));
            Alert a = onlyAlert(state.unack(DISK_FP, at(8)));
            assertThat(a.ack()).isNull();
            assertThat(a.updatedAt()).isEqualTo(at(8));
        }

        @Test
        void unackingAnAlertThatIsNotAckedIsNoChange() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(state.unack(DISK_FP, at(8))).isEmpty();
        }

        @Test
        void unackingAnUnknownAlertThrowsNoSuchAlert() {
            assertThatThrownBy(() -> state.unack("ffffffffffffffff", T0))
                    .isInstanceOf(NoSuchAlertException.class)
                    .hasMessageContaining("ffffffffffffffff");
        }
    }

    @Nested
    class Silences {

        @Test
        void anActiveSilenceIsReportedFirstThenTheAlertsItSilences() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(firing(CPU), "p", T0);
            List<Change> changes = state.addSilence(matchers("alertname=HostOutOfDiskSpace"), null, at(3600),
                    "ana", "maintenance", at(10));
            assertThat(changes).hasSize(2);
            Silence s = ((SilenceChanged) changes.get(0)).silence();
            assertThat(s).isEqualTo(new Silence("s1", matchers("alertname=HostOutOfDiskSpace"), at(10), at(3600),
                    "ana", "maintenance", Silence.Status.ACTIVE));
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
            List<Change> changes = state.addSilence(matchers("instance=~vps-.*"), null, at(60), "ana", "", T0);
            assertThat(changes).hasSize(3);
            assertThat(changes.get(0)).isInstanceOf(SilenceChanged.class);
            List<String> fps = changes.subList(1, 3).stream()
                    .map(c -> ((AlertChanged) c).alert().fingerprint()).toList();
            assertThat(fps).isSorted().containsExactlyInAnyOrder(DISK_FP, CPU_FP);
        }

        @Test
        void resolvedAlertsAreMarkedSilencedToo() {
            state.ingest(firing(DISK), "p", T0);
            state.ingest(resolvedAt(DISK, at(1)), "p", at(1));
            List<Change> changes = state.addSilence(matchers("instance=vps-01"), null, at(60), "ana", "", at(2));
            assertThat(changes).hasSize(2);
            assertThat(((AlertChanged) changes.get(1)).alert().silencedBy()).containsExactly("s1");
        }

        @Test
        void silencedByListsEveryMatchingSilenceSortedById() {
            AlertState s = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION,
                    new ArrayList<>(List.of("c", "a", "b")).iterator()::next);
            s.ingest(firing(DISK), "p", T0);
            s.addSilence(matchers("instance=vps-01"), null, at(60), "ana", "", T0);
            s.addSilence(matchers("severity=critical"), null, at(60), "ana", "", T0);
            s.addSilence(matchers("alertname=~Host.*"), null, at(60), "ana", "", T0);
            assertThat(s.alert(DISK_FP).orElseThrow().silencedBy()).containsExactly("a", "b", "c");
        }

        @Test
        void aNewAlertUnderAnActiveSilenceIsBornSilenced() {
            state.addSilence(matchers("instance=vps-01"), null, at(60), "ana", "", T0);
            assertThat(onlyAlert(state.ingest(firing(DISK), "p", at(1))).silencedBy()).containsExactly("s1");
        }

        @Test
        void silencesMatchLabelsOnlyWithoutTheSeverityFallback() {
            state.ingest(firing(CPU), "p", T0); // no severity label, severity "warning"
            assertThat(state.addSilence(matchers("severity=warning"), null, at(60), "ana", "", T0)).hasSize(1);
            assertThat(stored(CPU_FP).silencedBy()).isEmpty();
        }

        @Test
        void aPendingSilenceStartsAndEndsOnTicksUpdatingSilencedBy() {
            state.ingest(firingUntil(DISK, at(7200)), "p", T0);
            Silence pending = onlySilence(state.addSilence(matchers("instance=vps-01"), at(600), at(1200),
                    "ana", "window", T0));
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
            state.addSilence(matchers("a=b"), at(10), at(20), "ana", "", T0);
            assertThat(onlySilence(state.tick(at(30))).status()).isEqualTo(Silence.Status.EXPIRED);
        }

        @Test
        void silenceChangesComeBeforeAlertChangesInATick() {
            state.ingest(firingUntil(DISK, at(100)), "p", T0);
            state.addSilence(matchers("instance=vps-01"), null, at(100), "ana", "", T0);
            List<Change> changes = state.tick(at(100));
            assertThat(changes).hasSize(2);
            assertThat(changes.get(0)).isInstanceOf(SilenceChanged.class);
            Alert a = ((AlertChanged) changes.get(1)).alert();
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.silencedBy()).isEmpty();
        }

        @Test
        void aStartsAtInThePastCountsAsNow() {
            Silence s = onlySilence(state.addSilence(matchers("a=b"), at(-60), at(60), "ana", "", T0));
            assertThat(s.startsAt()).isEqualTo(T0);
            assertThat(s.status()).isEqualTo(Silence.Status.ACTIVE);
        }

        @Test
        void badSilencesAreRefusedSayingWhatToGive() {
            assertThatThrownBy(() -> state.addSilence(List.of(), null, at(60), "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one matcher");
            assertThatThrownBy(() -> state.addSilence(null, null, at(60), "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one matcher");
            assertThatThrownBy(() -> state.addSilence(matchers("a=b"), null, T0, "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after now");
            assertThatThrownBy(() -> state.addSilence(matchers("a=b"), null, at(-1), "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after now");
            assertThatThrownBy(() -> state.addSilence(matchers("a=b"), null, null, "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endsAt null");
            assertThatThrownBy(() -> state.addSilence(matchers("a=b"), at(120), at(60), "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be after its startsAt " + at(120));
            assertThat(state.silences()).isEmpty();
        }

        @Test
        void aSilenceWhoseMatchersAllMatchMissingLabelsIsRefusedAsInAlertmanager() {
            assertThatThrownBy(() -> state.addSilence(matchers("env=\"\"", "team!=ops", "x=~.*"), null, at(60),
                    "ana", "", T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nearly everything");
            assertThat(state.addSilence(matchers("env=\"\"", "team=ops"), null, at(60), "ana", "", T0)).isNotEmpty();
        }

        @Test
        void expiringASilenceEndsItNowAndUnsilencesItsAlerts() {
            state.ingest(firing(DISK), "p", T0);
            state.addSilence(matchers("instance=vps-01"), null, at(3600), "ana", "", T0);
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
            state.addSilence(matchers("a=b"), at(600), at(1200), "ana", "", T0);
            Silence s = onlySilence(state.expireSilence("s1", at(30)));
            assertThat(s.startsAt()).isEqualTo(at(30));
            assertThat(s.endsAt()).isEqualTo(at(30));
            assertThat(state.tick(at(700))).isEmpty();
        }

        @Test
        void expiringASilencePastItsEndBeforeTheTickKeepsItsEnd() {
            state.addSilence(matchers("a=b"), null, at(60), "ana", "", T0);
            assertThat(onlySilence(state.expireSilence("s1", at(90))).endsAt()).isEqualTo(at(60));
        }

        @Test
        void expiringAnUnknownSilenceNamesItAndSaysHowToListSilences() {
            assertThatThrownBy(() -> state.expireSilence("nope", T0))
                    .isInstanceOf(NoSuchSilenceException.class)
                    .hasMessageContaining("'nope'")
                    .hasMessageContaining("GET /api/silences")
                    .satisfies(e -> assertThat(((NoSuchSilenceException) e).id()).isEqualTo("nope"));
        }

        @Test
        void aRepeatedIdFromTheSupplierIsRefused() {
            AlertState s = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, () -> "same");
            s.addSilence(matchers("a=b"), null, at(60), "ana", "", T0);
            assertThatThrownBy(() -> s.addSilence(matchers("a=c"), null, at(60), "ana", "", T0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("same");
        }

        @Test
        void theConvenienceConstructorGivesDistinctUuidIds() {
            AlertState s = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION);
            String a = onlySilence(s.addSilence(matchers("a=b"), null, at(60), "ana", "", T0)).id();
            String b = onlySilence(s.addSilence(matchers("a=b"), null, at(60), "ana", "", T0)).id();
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
            assertThat(state.alert(DISK_FP)).as("kept up to and including endsAt + retention").isPresent();
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
            assertThat(onlyAlert(state.ingest(firing(DISK), "p", later)).startsAt()).isEqualTo(later);
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
            state.addSilence(matchers("a=b"), null, at(60), "ana", "", T0);
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
            state.addSilence(matchers("a=b"), null, at(100_000), "ana", "", T0);
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
            Alert persisted = new Alert(DISK_FP, Alert.Status.FIRING, "critical", DISK, Map.of(), T0, null, T0,
                    "p", null, List.of(), null);
            Silence silence = new Silence("r1", matchers("instance=vps-01"), T0, at(3600), "ana", "",
                    Silence.Status.ACTIVE);
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
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolveTimeout");
        assertThatThrownBy(() -> new AlertState(RESOLVE_TIMEOUT, Duration.ofSeconds(-1), SILENCE_RETENTION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resolvedRetention");
        assertThatThrownBy(() -> new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiredSilenceRetention");
        new AlertState(RESOLVE_TIMEOUT, Duration.ZERO, Duration.ZERO);
    }
}
