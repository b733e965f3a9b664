package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The values, helpers and state shared by the AlertState tests. */
abstract class AlertStateFixtures {

    static final Instant T0 = Instant.parse("2026-11-24T21:00:00Z");
    static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    static final Duration SILENCE_RETENTION = Duration.ofHours(1);

    static final Map<String, String> DISK =
            Map.of("alertname", "HostOutOfDiskSpace", "instance", "vps-01", "severity", "critical");
    static final Map<String, String> CPU = Map.of("alertname", "HostHighCpu", "instance", "vps-02");
    static final String DISK_FP = Fingerprint.of(DISK);
    static final String CPU_FP = Fingerprint.of(CPU);

    protected final AlertState state = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, ids("s"));

    static Supplier<String> ids(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return () -> prefix + n.incrementAndGet();
    }

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

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

    Alert stored(String fp) {
        return state.alert(fp).orElseThrow();
    }

    /** What a client sees: everything but updatedAt and expiresAt (written here independently of AlertState). */
    static boolean sameVisible(Alert a, Alert b) {
        return invisiblePartsCleared(a).equals(invisiblePartsCleared(b));
    }

    static Alert invisiblePartsCleared(Alert a) {
        return a.withUpdatedAt(null).withExpiresAt(null);
    }
}
