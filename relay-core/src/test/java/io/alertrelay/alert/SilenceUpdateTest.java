package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Changing a silence follows Alertmanager's rule: in place (same id) when the matchers stay and the change can
 * apply to the silence as it is now; otherwise the old silence is expired and a new one made, and the alerts
 * move from one to the other in the same step.
 */
class SilenceUpdateTest extends AlertStateFixtures {

    private Silence silence(List<Change> changes, int index) {
        return ((SilenceChanged) changes.get(index)).silence();
    }

    @Test
    void anActiveSilenceGetsANewEndCommentAndCreatorInPlace() {
        state.ingest(firing(DISK), "p", T0);
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, "disk"),
                at(10));
        List<Change> changes = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(7200), "bo", null, "longer"),
                at(20));
        assertThat(changes).hasSize(1).first().isInstanceOf(SilenceChanged.class);
        assertThat(silence(changes, 0))
                .isEqualTo(new Silence(
                        "s1",
                        matchers("alertname=HostOutOfDiskSpace"),
                        at(10),
                        at(7200),
                        "bo",
                        "longer",
                        Silence.Status.ACTIVE,
                        null));
        assertThat(stored(DISK_FP).silencedBy()).containsExactly("s1");
    }

    @Test
    void anActiveSilenceKeepsItsStartWhenThePastIsGivenAndIsReplacedWhenItIsMovedAhead() {
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, ""), at(10));
        List<Change> same = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), at(5), at(3600), "ana", null, ""),
                at(20));
        assertThat(silence(same, 0).id()).isEqualTo("s1");
        assertThat(silence(same, 0).startsAt()).isEqualTo(at(10));
        List<Change> moved = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), at(600), at(3600), "ana", null, ""),
                at(30));
        assertThat(silence(moved, 0))
                .extracting(Silence::id, Silence::status)
                .containsExactly("s1", Silence.Status.EXPIRED);
        assertThat(silence(moved, 1))
                .extracting(Silence::id, Silence::status)
                .containsExactly("s2", Silence.Status.PENDING);
    }

    @Test
    void newMatchersExpireTheOldSilenceAndMoveTheAlertsToTheNewOne() {
        state.ingest(firing(DISK), "p", T0);
        state.ingest(firing(CPU), "p", T0);
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, ""), at(10));
        List<Change> changes = state.updateSilence(
                "s1", new SilenceRequest(matchers("alertname=HostHighCpu"), null, at(3600), "bo", null, "cpu"), at(20));
        // the old one ends, the disk alert is no longer silenced; the new one starts, the cpu alert is
        assertThat(silence(changes, 0))
                .extracting(Silence::id, Silence::status)
                .containsExactly("s1", Silence.Status.EXPIRED);
        assertThat(((AlertChanged) changes.get(1)).alert().fingerprint()).isEqualTo(DISK_FP);
        assertThat(silence(changes, 2).id()).isEqualTo("s2");
        assertThat(silence(changes, 2).matchers()).isEqualTo(matchers("alertname=HostHighCpu"));
        assertThat(changes).hasSize(4);
        assertThat(stored(DISK_FP).silencedBy()).isEmpty();
        assertThat(stored(Fingerprint.of(CPU)).silencedBy()).containsExactly("s2");
    }

    @Test
    void aPendingSilenceMovesInPlaceAndStartsWhenItsStartBecomesNow() {
        state.ingest(firing(DISK), "p", T0);
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), at(600), at(3600), "ana", null, ""),
                at(10));
        List<Change> later = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), at(900), at(3600), "ana", null, ""),
                at(20));
        assertThat(silence(later, 0))
                .extracting(Silence::id, Silence::startsAt, Silence::status)
                .containsExactly("s1", at(900), Silence.Status.PENDING);
        List<Change> now = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, ""),
                at(30));
        assertThat(silence(now, 0))
                .extracting(Silence::id, Silence::startsAt, Silence::status)
                .containsExactly("s1", at(30), Silence.Status.ACTIVE);
        assertThat(stored(DISK_FP).silencedBy()).containsExactly("s1");
    }

    @Test
    void anExpiredSilenceIsNotChangedButANewOneIsMade() {
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, ""), at(10));
        state.expireSilence("s1", at(20));
        List<Change> changes = state.updateSilence(
                "s1",
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, "again"),
                at(30));
        assertThat(changes).hasSize(1);
        assertThat(silence(changes, 0))
                .extracting(Silence::id, Silence::status)
                .containsExactly("s2", Silence.Status.ACTIVE);
        assertThat(state.silence("s1").orElseThrow().status()).isEqualTo(Silence.Status.EXPIRED);
    }

    @Test
    void aRefusedChangeChangesNothing() {
        state.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(3600), "ana", null, ""), at(10));
        assertThatThrownBy(() -> state.updateSilence(
                        "nope", new SilenceRequest(matchers("alertname=X"), null, at(3600), "a", null, ""), at(20)))
                .isInstanceOf(NoSuchSilenceException.class);
        assertThatThrownBy(() -> state.updateSilence(
                        "s1",
                        new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(5), "a", null, ""),
                        at(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be after now");
        assertThat(state.silence("s1").orElseThrow().endsAt()).isEqualTo(at(3600));
    }
}
