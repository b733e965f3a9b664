package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Change.AlertChanged;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The alert state machine: ingest, dedup, timeouts and acks. Silences and retention: AlertStateSilencesTest. */
class AlertStateTest extends AlertStateFixtures {

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
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(-600)), "p", T0))
                            .startsAt())
                    .isEqualTo(at(-600));
        }

        @Test
        void aFutureEndsAtIsWhenItExpiresInsteadOfTheResolveTimeout() {
            assertThat(onlyAlert(state.ingest(firingUntil(DISK, at(60)), "p", T0))
                            .expiresAt())
                    .isEqualTo(at(60));
            assertThat(onlyAlert(state.ingest(firingUntil(CPU, at(3600)), "p", T0))
                            .expiresAt())
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
            assertThat(state.ingest(firingSince(DISK, T0), "p", at(60)))
                    .as("same startsAt given")
                    .isEmpty();
            assertThat(stored(DISK_FP).updatedAt()).isEqualTo(T0);
        }

        @Test
        void aResendWithANewAnnotationProducesOneChange() {
            state.ingest(firing(DISK), "p", T0);
            Alert a = onlyAlert(state.ingest(firing(DISK, Map.of("summary", "96% full")), "p", at(30)));
            assertThat(a.annotations()).isEqualTo(Map.of("summary", "96% full"));
            assertThat(a.updatedAt()).isEqualTo(at(30));
            assertThat(a.startsAt()).isEqualTo(T0);
            assertThat(state.ingest(firing(DISK, Map.of("summary", "96% full")), "p", at(60)))
                    .isEmpty();
        }

        @Test
        void aResendFromAnotherSourceIsAVisibleChange() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(onlyAlert(state.ingest(firing(DISK), "q", at(1))).source())
                    .isEqualTo("q");
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
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(-30)), "p", at(60)))
                            .startsAt())
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
            assertThat(onlyAlert(state.ingest(resolvedAt(DISK, at(10)), "p", at(10)))
                            .firing())
                    .isFalse();
        }

        @Test
        void anEndsAtBeforeTheStartIsClampedToTheStartSoTimeNeverRunsBackwards() {
            state.ingest(firing(DISK), "p", T0);
            assertThat(onlyAlert(state.ingest(resolvedAt(DISK, at(-60)), "p", at(10)))
                            .endsAt())
                    .isEqualTo(T0);
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
            assertThat(stored(DISK_FP).ack())
                    .as("the ack stays on the resolved episode")
                    .isNotNull();
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
            assertThat(onlyAlert(state.ingest(firingSince(DISK, at(100)), "p", at(120)))
                            .startsAt())
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
            List<String> fps = changes.stream()
                    .map(c -> ((AlertChanged) c).alert().fingerprint())
                    .toList();
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
                    .satisfies(e ->
                            assertThat(((NoSuchAlertException) e).fingerprint()).isEqualTo("0123456789abcdef"));
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
}
