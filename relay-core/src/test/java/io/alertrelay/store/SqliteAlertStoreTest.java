package io.alertrelay.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.alertrelay.alert.Ack;
import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Matcher;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import io.alertrelay.wire.WireCodec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store commits comes back the same after it is closed and opened again. */
class SqliteAlertStoreTest {

    @TempDir
    Path dataDir;

    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final AlertStore.Dropped NONE = AlertStore.Dropped.NONE;

    static Alert alert(String fp, Ack ack) {
        return Alert.firing(
                        fp,
                        "critical",
                        Map.of("alertname", "Disk", "instance", fp),
                        Map.of("summary", "full \"quoted\" ünïcode"),
                        "api:ingest",
                        T0)
                .withUpdatedAt(T0.plusSeconds(1))
                .withAck(ack)
                .withSilencedBy(List.of("s1"))
                .withExpiresAt(T0.plusSeconds(300));
    }

    static Silence silence(String id) {
        return new Silence(
                id,
                List.of(Matcher.parse("alertname=\"Disk\""), Matcher.parse("instance=~\"a|b\"")),
                T0,
                T0.plusSeconds(3600),
                "operator",
                "maintenance",
                Silence.Status.ACTIVE,
                "Ana");
    }

    static JournalEntry entry(long seq, Change c) {
        return new JournalEntry(seq, T0.plusSeconds(seq), c, WireCodec.changeFrame(seq, c));
    }

    @Test
    void alertsSilencesAndJournalFramesSurviveAReopenUnchanged() {
        Alert acked = alert("aaaa", new Ack("wall-1", T0.plusSeconds(2), "on it", T0.plusSeconds(3600), "Ana"));
        Silence s = silence("s1");
        List<JournalEntry> entries = List.of(
                entry(1, new Change.AlertChanged(alert("aaaa", null))),
                entry(2, new Change.SilenceChanged(s)),
                entry(3, new Change.AlertChanged(acked)));
        String epoch;
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            epoch = store.epoch();
            store.commit(new AlertStore.Step(entries, NONE, 0));
        }
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            AlertStore.Loaded loaded = store.load();
            assertThat(loaded.epoch()).isEqualTo(epoch).hasSize(16);
            assertThat(loaded.latestSeq()).isEqualTo(3);
            assertThat(loaded.alerts()).containsExactly(acked);
            assertThat(loaded.silences()).containsExactly(s);
            assertThat(loaded.journal()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
            for (int i = 0; i < 3; i++) {
                assertThat(StoreDocs.bytes(loaded.journal().get(i).frame()))
                        .isEqualTo(StoreDocs.bytes(entries.get(i).frame()));
                assertThat(loaded.journal().get(i).at())
                        .isEqualTo(entries.get(i).at());
            }
            // the change read back from a frame filters like the original: same labels
            assertThat(((Change.AlertChanged) loaded.journal().get(2).change())
                            .alert()
                            .labels())
                    .isEqualTo(acked.labels());
        }
    }

    @Test
    void droppedAlertsAndSilencesAndTrimmedJournalEntriesAreGone() {
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            store.commit(new AlertStore.Step(
                    List.of(
                            entry(1, new Change.AlertChanged(alert("a", null))),
                            entry(2, new Change.AlertChanged(alert("b", null))),
                            entry(3, new Change.SilenceChanged(silence("s1")))),
                    NONE,
                    0));
            store.commit(new AlertStore.Step(List.of(), new AlertStore.Dropped(List.of("a"), List.of("s1")), 3));
            AlertStore.Loaded loaded = store.load();
            assertThat(loaded.alerts()).extracting(Alert::fingerprint).containsExactly("b");
            assertThat(loaded.silences()).isEmpty();
            assertThat(loaded.journal()).extracting(JournalEntry::seq).containsExactly(3L);
            assertThat(loaded.latestSeq()).isEqualTo(3);
        }
    }

    @Test
    void anUncleanStopAcrossAMachineRestartStartsANewEpochUnderSyncNormalOnly() throws Exception {
        String first;
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            first = store.epoch();
            store.commit(new AlertStore.Step(List.of(entry(1, new Change.AlertChanged(alert("a", null)))), NONE, 0));
        }
        // killed (not closed), same boot: the OS kept every commit, so the epoch stays
        markOpenedAndNotClosed(SqliteAlertStore.bootId());
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            assertThat(store.epoch()).isEqualTo(first);
            assertThat(store.load().journal()).hasSize(1);
        }
        // not closed, and the machine has booted since: with sync=full every commit was on disk, the epoch stays
        markOpenedAndNotClosed("an-earlier-boot");
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.FULL)) {
            assertThat(store.epoch()).isEqualTo(first);
        }
        // ... with sync=normal the last commits may be gone: a new epoch, an empty journal, alerts kept
        markOpenedAndNotClosed("an-earlier-boot");
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            AlertStore.Loaded loaded = store.load();
            assertThat(loaded.epoch()).isNotEqualTo(first);
            assertThat(loaded.journal()).isEmpty();
            assertThat(loaded.latestSeq()).isEqualTo(1);
            assertThat(loaded.alerts()).hasSize(1);
        }
    }

    private void markOpenedAndNotClosed(String boot) throws Exception {
        try (java.sql.Connection c =
                        java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("relay.db"));
                java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE meta SET value = '0' WHERE key = 'closed_cleanly'");
            st.execute("INSERT INTO meta (key, value) VALUES ('opened_in_boot', '" + boot + "')"
                    + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        }
    }

    @Test
    void aNewStoreHasANewEpochAndAReopenedOneKeepsIt() {
        String first;
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.FULL)) {
            first = store.epoch();
        }
        try (SqliteAlertStore store = SqliteAlertStore.open(dataDir, Database.Sync.NORMAL)) {
            assertThat(store.epoch()).isEqualTo(first);
        }
        try (SqliteAlertStore other = SqliteAlertStore.open(dataDir.resolve("other"), Database.Sync.NORMAL)) {
            assertThat(other.epoch()).isNotEqualTo(first);
        }
    }
}
