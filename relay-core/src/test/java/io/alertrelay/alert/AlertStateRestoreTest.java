package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Re-sends that only move an alert's expiry are not stored, so the expiry read back after a restart may be long
 * past: restored firing alerts get a full resolve timeout from the first tick instead of resolving at once (and
 * losing their ack to the next re-send's new episode).
 */
class AlertStateRestoreTest {

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void aRestoredFiringAlertWithAStaleExpiryGetsAFullResolveTimeout() {
        AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
        Alert stored = Alert.firing("fp1", "critical", Map.of("alertname", "Disk"), Map.of(), "api", T0)
                .withUpdatedAt(T0.plusSeconds(60))
                .withAck(new Ack("alice", T0.plusSeconds(60), "on it"))
                .withExpiresAt(T0.plus(Duration.ofMinutes(5)));
        state.restore(List.of(stored), List.of());

        Instant restart = T0.plus(Duration.ofMinutes(60));
        state.tick(restart);
        Alert after = state.alert("fp1").orElseThrow();
        assertThat(after.firing()).isTrue();
        assertThat(after.ack()).isNotNull();
        assertThat(after.expiresAt()).isEqualTo(restart.plus(Duration.ofMinutes(5)));

        // a sender that stopped for good: it resolves a full timeout after the restart, not before
        state.tick(restart.plus(Duration.ofMinutes(4)));
        assertThat(state.alert("fp1").orElseThrow().firing()).isTrue();
        state.tick(restart.plus(Duration.ofMinutes(5)));
        assertThat(state.alert("fp1").orElseThrow().firing()).isFalse();
    }

    @Test
    void aRestoredExpiryFurtherAwayThanTheTimeoutIsKept() {
        AlertState state = new AlertState(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(1));
        Instant until = T0.plus(Duration.ofHours(2)); // the sender gave an endsAt far ahead
        state.restore(
                List.of(Alert.firing("fp2", "warning", Map.of("alertname", "Maint"), Map.of(), "api", T0)
                        .withExpiresAt(until)),
                List.of());
        state.tick(T0.plusSeconds(30));
        assertThat(state.alert("fp2").orElseThrow().expiresAt()).isEqualTo(until);
    }
}
