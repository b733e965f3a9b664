package io.alertrelay.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.store.StoreDocs;
import io.alertrelay.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stale alerts: a source that stopped reporting (its plugin failed, its log file went away) cannot clear what
 * it raised, so its firing alerts are marked stale and resolved by the relay after a grace, saying why; word
 * from the source takes the mark off.
 */
class AlertStateStaleTest extends AlertStateFixtures {

    static final Duration GRACE = Duration.ofMinutes(10);
    static final Map<String, String> LOG = Map.of("alertname", "SshBruteForce", "file", "/var/log/auth.log");
    static final String LOG_FP = Fingerprint.of(LOG);

    static Stale failed(Instant since) {
        return new Stale(since, "plugin probe failed: start() threw IllegalStateException: boom");
    }

    @Test
    void markingTouchesOnlyTheFiringAlertsOfThatSourceAndKeepsAnEarlierMark() {
        state.ingest(firing(DISK, Map.of("summary", "Disk / is 96% full")), "probe", at(0));
        state.ingest(firing(CPU), "api:prom", at(0));
        state.ingest(firing(LOG), "probe", at(0));
        state.ingest(resolvedAt(LOG, at(5)), "probe", at(5));

        List<Change> changes = state.markStale("probe", null, failed(at(10)), at(10));

        assertThat(onlyAlert(changes).fingerprint()).isEqualTo(DISK_FP);
        assertThat(stored(DISK_FP).stale()).isEqualTo(failed(at(10)));
        assertThat(stored(CPU_FP).stale()).isNull();
        assertThat(stored(LOG_FP).stale())
                .as("resolved already: nothing to mark")
                .isNull();
        assertThat(state.markStale("probe", null, failed(at(20)), at(20)))
                .as("marked already")
                .isEmpty();
        assertThat(stored(DISK_FP).stale().since()).isEqualTo(at(10));
    }

    @Test
    void aLabelValueNarrowsTheMarkToTheAlertsThatCarryIt() {
        state.ingest(firing(DISK), "log-patterns", at(0));
        state.ingest(firing(LOG), "log-patterns", at(0));

        Stale gone = new Stale(at(10), "/var/log/auth.log does not exist");
        assertThat(onlyAlert(state.markStale("log-patterns", "/var/log/auth.log", gone, at(10)))
                        .fingerprint())
                .isEqualTo(LOG_FP);
        assertThat(stored(DISK_FP).stale()).isNull();

        assertThat(onlyAlert(state.clearStale("log-patterns", "/var/log/auth.log", at(20)))
                        .stale())
                .isNull();
        assertThat(state.clearStale("log-patterns", null, at(21))).isEmpty();
    }

    @Test
    void aStaleAlertResolvesAfterTheGraceAndItsSummarySaysWhy() {
        // an end far ahead (a webhook's endsAt, a log rule's resolveAfter): only the grace ends it sooner
        state.ingest(
                new PostableAlert(DISK, Map.of("summary", "Disk / is 96% full", "runbook", "r"), null, at(7200), null),
                "probe",
                at(0));
        state.markStale("probe", null, failed(at(10)), at(10));

        assertThat(state.tick(at(10).plus(GRACE).minusSeconds(1))).isEmpty();
        Alert resolved = onlyAlert(state.tick(at(10).plus(GRACE).plusSeconds(3)));

        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.endsAt()).isEqualTo(at(10).plus(GRACE));
        assertThat(resolved.stale())
                .as("kept: the wall can tell it was not its source that cleared it")
                .isEqualTo(failed(at(10)));
        assertThat(resolved.annotations())
                .containsEntry(
                        "summary",
                        "Resolved by the relay without word from its source since " + at(10)
                                + ": plugin probe failed: start() threw IllegalStateException: boom")
                .containsEntry("firingSummary", "Disk / is 96% full")
                .containsEntry("runbook", "r");
    }

    @Test
    void anExpiryBeforeTheGraceResolvesItWithTheSameExplanation() {
        state.ingest(firingUntil(DISK, at(60)), "probe", at(0));
        state.markStale("probe", null, failed(at(10)), at(10));

        Alert resolved = onlyAlert(state.tick(at(61)));

        assertThat(resolved.endsAt()).isEqualTo(at(60));
        assertThat(resolved.annotations().get("summary")).startsWith("Resolved by the relay without word");
    }

    @Test
    void wordFromItsSourceTakesTheMarkOffAndTheGraceNoLongerApplies() {
        state.ingest(firing(DISK), "probe", at(0));
        state.markStale("probe", null, failed(at(10)), at(10));

        Alert again = onlyAlert(state.ingest(firing(DISK), "probe", at(20)));
        assertThat(again.stale()).isNull();
        assertThat(again.firing()).isTrue();
        state.ingest(firing(DISK), "probe", at(10).plus(GRACE));
        assertThat(state.tick(at(10).plus(GRACE).plusSeconds(1))).isEmpty();
        assertThat(stored(DISK_FP).firing()).isTrue();
    }

    @Test
    void aResolvingPushFromItsSourceIsItsOwnWordNotTheRelays() {
        state.ingest(firing(DISK, Map.of("summary", "Disk / is 96% full")), "probe", at(0));
        state.markStale("probe", null, failed(at(10)), at(10));

        Alert resolved = onlyAlert(state.ingest(resolvedAt(DISK, at(20)), "probe", at(20)));

        assertThat(resolved.stale()).isNull();
        assertThat(resolved.annotations()).doesNotContainKey("firingSummary");
    }

    @Test
    void clearingIsAVisibleChangeAndClearingNothingIsNone() {
        state.ingest(firing(DISK), "probe", at(0));
        assertThat(state.clearStale("probe", null, at(1))).isEmpty();
        state.markStale("probe", null, failed(at(10)), at(10));
        Alert cleared = onlyAlert(state.clearStale("probe", null, at(11)));
        assertThat(cleared.stale()).isNull();
        assertThat(cleared.updatedAt()).isEqualTo(at(11));
    }

    @Test
    void aStaleMarkIsOnTheWireAndComesBackFromTheStoreAndStillResolvesAfterARestart() throws Exception {
        state.ingest(firing(DISK), "probe", at(0));
        Alert marked = onlyAlert(state.markStale("probe", null, failed(at(10)), at(10)));

        byte[] frame = WireCodec.alert(marked);
        assertThat(new String(frame, StandardCharsets.UTF_8))
                .contains("\"silencedBy\":[],\"stale\":{\"since\":\"" + at(10)
                        + "\",\"reason\":\"plugin probe failed: start() threw IllegalStateException: boom\"}}");
        byte[] journalFrame = StoreDocs.bytes(WireCodec.changeFrame(7, new Change.AlertChanged(marked)));
        Alert back = StoreDocs.readAlert(journalFrame, marked.expiresAt());
        assertThat(back).isEqualTo(marked);

        AlertState restarted = new AlertState(RESOLVE_TIMEOUT, RESOLVED_RETENTION, SILENCE_RETENTION, ids("t"));
        restarted.restore(List.of(back), List.of());
        Alert resolved = onlyAlert(restarted.tick(at(10).plus(GRACE).plusSeconds(30)));
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.endsAt()).isEqualTo(at(10).plus(GRACE));
    }

    @Test
    void anAlertWrittenWithoutTheFieldReadsAsNotStale() throws Exception {
        String old = "{\"type\":\"alert\",\"seq\":1,\"alert\":{\"fingerprint\":\"f\",\"status\":\"firing\","
                + "\"severity\":\"warning\",\"labels\":{\"alertname\":\"A\"},\"annotations\":{},"
                + "\"startsAt\":\"" + T0 + "\",\"endsAt\":null,\"updatedAt\":\"" + T0 + "\",\"source\":\"api:x\","
                + "\"ack\":null,\"silencedBy\":[]}}";
        assertThat(StoreDocs.readAlert(old.getBytes(StandardCharsets.UTF_8), null)
                        .stale())
                .isNull();
    }

    @Test
    void aReasonIsOneLineOfValidUnicodeAndCutShort() {
        assertThat(Stale.clean("boom\nat Foo.bar()\r\n\tcaused\u0000by")).isEqualTo("boom at Foo.bar()   caused by");
        assertThat(Stale.clean("evil\u202Egnp.exe\u200B")).isEqualTo("evilgnp.exe");
        assertThat(Stale.clean("half \uD83D pair")).isEqualTo("half \uFFFD pair");
        assertThat(Stale.clean("  ")).isEqualTo("unknown");
        assertThat(Stale.clean(null)).isEqualTo("unknown");
        String cut = Stale.clean("x".repeat(1000));
        assertThat(cut).hasSize(Stale.MAX_REASON_CHARS).endsWith("…");
        String emoji = Stale.clean("😀".repeat(400));
        assertThat(Unicode.loneSurrogateAt(emoji)).isEqualTo(-1);
        assertThat(emoji.length()).isLessThanOrEqualTo(Stale.MAX_REASON_CHARS);
        assertThat(Stale.clean("y".repeat(300))).isEqualTo("y".repeat(300));
        assertThat(Stale.clean(Stale.clean("z".repeat(900)))).isEqualTo(Stale.clean("z".repeat(900)));
    }
}
