package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A resolve "whatever the severity" (plugins: AlertSignal.resolvedWhateverSeverity) ends every firing alert with
 * the same labels and any severity, and nothing else; the index behind it follows steps taken back and restores.
 */
class AnySeverityResolveTest extends AlertStateFixtures {

    static final Map<String, String> SHOP = Map.of("alertname", "CheckDown", "check", "shop");
    static final Map<String, String> SHOP_WARN = with(SHOP, "warning");
    static final Map<String, String> SHOP_CRIT = with(SHOP, "critical");
    static final Map<String, String> API_CRIT = with(Map.of("alertname", "CheckDown", "check", "api"), "critical");

    static Map<String, String> with(Map<String, String> labels, String severity) {
        java.util.Map<String, String> m = new java.util.HashMap<>(labels);
        m.put("severity", severity);
        return Map.copyOf(m);
    }

    static PostableAlert resolveAny(Map<String, String> labels, int second) {
        return new PostableAlert(labels, Map.of("summary", "up"), null, at(second), null, true);
    }

    boolean isFiring(Map<String, String> labels) {
        return state.alerts().stream().anyMatch(a -> a.labels().equals(labels) && a.firing());
    }

    @Test
    void resolvesEverySeverityOfTheseLabelsAndNothingElse() {
        state.ingest(firing(SHOP_WARN), "hook:k", at(0));
        state.ingest(firing(SHOP_CRIT), "hook:k", at(1));
        state.ingest(firing(API_CRIT), "hook:k", at(2));
        List<Change> changes = state.ingest(resolveAny(SHOP, 3), "hook:k", at(3));
        assertThat(changes).hasSize(2);
        assertThat(isFiring(SHOP_WARN)).isFalse();
        assertThat(isFiring(SHOP_CRIT)).isFalse();
        assertThat(isFiring(API_CRIT)).isTrue();
        assertThat(state.ingest(resolveAny(SHOP, 4), "hook:k", at(4)))
                .as("nothing left to resolve")
                .isEmpty();
    }

    @Test
    void theIndexFollowsRollbacksAndRestores() {
        state.begin();
        state.ingest(firing(SHOP_WARN), "hook:k", at(0));
        state.rollback();
        assertThat(state.ingest(resolveAny(SHOP, 1), "hook:k", at(1))).isEmpty();

        state.ingest(firing(SHOP_CRIT), "hook:k", at(2));
        AlertState restarted = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, ids("s"));
        restarted.restore(state.alerts(), List.of());
        assertThat(restarted.ingest(resolveAny(SHOP, 3), "hook:k", at(3))).hasSize(1);
    }
}
