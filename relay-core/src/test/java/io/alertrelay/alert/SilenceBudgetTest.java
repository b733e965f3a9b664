package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Silences are checked under the pipeline's lock, so their regexes get a time budget: a budget of one nanosecond
 * is spent before any regex starts, which makes "over budget" deterministic here.
 */
class SilenceBudgetTest extends AlertStateFixtures {

    private final AlertState starved = new AlertState(
            RESOLVE_TIMEOUT,
            RESOLVED_RETENTION,
            SILENCE_RETENTION,
            ids("s"),
            Duration.ofNanos(1),
            Duration.ofMinutes(10),
            List.of());

    @Test
    void aRegexSilenceThatCannotBeCheckedAgainstTheAlertsHeldIsRefusedAtCreation() {
        starved.ingest(firing(DISK), "p", T0);
        assertThatThrownBy(() -> starved.addSilence(
                        new SilenceRequest(matchers("instance=~vps-.*"), null, at(60), "ana", null, ""), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("could not be checked against the 1 alerts held")
                .hasMessageContaining("limits.filterBudget");
        assertThat(starved.silences()).isEmpty();
        assertThat(stored(starved, DISK_FP).silencedBy()).isEmpty();
    }

    @Test
    void aRegexSilenceOverBudgetForANewAlertSilencesNothingAndIsCounted() {
        starved.addSilence(
                new SilenceRequest(matchers("instance=~vps-.*"), null, at(600), "ana", null, ""),
                T0); // nothing held to check
        long before = MatchDeadline.overBudget();
        starved.ingest(firing(DISK), "p", at(1));
        assertThat(stored(starved, DISK_FP).silencedBy())
                .as("the wall shows more, never less")
                .isEmpty();
        assertThat(MatchDeadline.overBudget()).isGreaterThan(before);
    }

    @Test
    void plainSilencesNeedNoBudget() {
        starved.ingest(firing(DISK), "p", T0);
        starved.addSilence(
                new SilenceRequest(matchers("alertname=HostOutOfDiskSpace"), null, at(60), "ana", null, ""), T0);
        starved.ingest(firing(CPU), "p", T0);
        starved.addSilence(new SilenceRequest(matchers("instance=vps-02"), null, at(60), "ana", null, ""), T0);
        assertThat(stored(starved, DISK_FP).silencedBy()).containsExactly("s1");
        assertThat(stored(starved, CPU_FP).silencedBy()).containsExactly("s2");
    }

    @Test
    void withTheDefaultBudgetRegexSilencesSilenceAndExpiringOneClearsOnlyItsId() {
        state.ingest(firing(DISK), "p", T0);
        state.addSilence(new SilenceRequest(matchers("instance=~vps-.*"), null, at(600), "ana", null, ""), T0);
        state.addSilence(new SilenceRequest(matchers("alertname=~Host.*"), null, at(600), "ana", null, ""), T0);
        assertThat(stored(state, DISK_FP).silencedBy()).containsExactly("s1", "s2");
        state.expireSilence("s1", at(5));
        assertThat(stored(state, DISK_FP).silencedBy()).containsExactly("s2");
    }

    private static Alert stored(AlertState s, String fp) {
        return s.alert(fp).orElseThrow();
    }
}
