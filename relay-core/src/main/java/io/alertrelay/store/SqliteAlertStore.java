package io.alertrelay.store;

import io.alertrelay.alert.Alert;
import io.alertrelay.alert.Change;
import io.alertrelay.alert.Silence;
import io.alertrelay.journal.JournalEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * The single-node store: alerts, silences and the journal in {@code dataDir/relay.db}, one transaction per
 * pipeline step. Writes happen on the caller's thread under the pipeline's lock; with WAL and
 * {@code synchronous=NORMAL} a small step costs tens of microseconds and no fsync.
 *
 * <p>Not thread-safe: the pipeline serialises every call.
 */
public final class SqliteAlertStore implements AlertStore {

    private final Connection c;
    private final Path file;
    // prepared once and reused; after a failed write they are thrown away and prepared afresh, because the
    // driver leaves a statement that failed mid-step (SQLITE_FULL) unusable ("statement is not executing")
    private Statements ps;

    private record Statements(
            PreparedStatement upsertAlert,
            PreparedStatement upsertSilence,
            PreparedStatement insertJournal,
            PreparedStatement deleteAlert,
            PreparedStatement deleteSilence,
            PreparedStatement trimJournal,
            PreparedStatement setMeta) {
        static Statements prepare(Connection c) throws SQLException {
            return new Statements(
                    c.prepareStatement("INSERT INTO alerts (fingerprint, status, ends_at, expires_at, frame)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET status ="
                            + " excluded.status,"
                            + " ends_at = excluded.ends_at, expires_at = excluded.expires_at, frame = excluded.frame"),
                    c.prepareStatement("INSERT INTO silences (id, status, ends_at, frame) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET status = excluded.status, ends_at = excluded.ends_at,"
                            + " frame = excluded.frame"),
                    c.prepareStatement("INSERT INTO journal (seq, at, frame) VALUES (?, ?, ?)"),
                    c.prepareStatement("DELETE FROM alerts WHERE fingerprint = ?"),
                    c.prepareStatement("DELETE FROM silences WHERE id = ?"),
                    c.prepareStatement("DELETE FROM journal WHERE seq < ?"),
                    c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)"
                            + " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        }

        void close() {
            for (PreparedStatement p : new PreparedStatement[] {
                upsertAlert, upsertSilence, insertJournal, deleteAlert, deleteSilence, trimJournal, setMeta
            }) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // being replaced
                }
            }
        }
    }

    private SqliteAlertStore(Connection c, Path file) {
        this.c = c;
        this.file = file;
    }

    @FunctionalInterface
    private interface Work {
        void run(Statements st) throws SQLException;
    }

    /**
     * Runs {@code work} as one transaction. Transactions are begun and ended here, in SQL, rather than with the
     * driver's auto-commit switch: after SQLITE_FULL SQLite has already rolled back by itself, and the driver,
     * not knowing, would then fail every later commit with "no transaction is active".
     */
    private void inTransaction(Work work) throws SQLException {
        Statements st = statements();
        try (Statement begin = c.createStatement()) {
            begin.execute("BEGIN IMMEDIATE");
        }
        try {
            work.run(st);
            try (Statement commit = c.createStatement()) {
                commit.execute("COMMIT");
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private Statements statements() throws SQLException {
        if (ps == null) ps = Statements.prepare(c);
        return ps;
    }

    /**
     * Opens the store in {@code dataDir}, checking it first; a new store gets a new epoch.
     *
     * @throws StoreException when it cannot be opened or is damaged
     */
    public static SqliteAlertStore open(Path dataDir, Database.Sync sync) {
        Connection c = Database.open(dataDir, sync, true);
        try {
            SqliteAlertStore store = new SqliteAlertStore(c, Database.file(dataDir));
            store.ensureEpoch();
            store.afterMachineCrash(sync, bootId());
            return store;
        } catch (SQLException e) {
            Database.closeQuietly(c);
            throw Database.openFailure(Database.file(dataDir), e);
        }
    }

    private void ensureEpoch() throws SQLException {
        if (meta("epoch") == null) {
            inTransaction(st -> {
                putMeta("epoch", newEpochId());
                putMeta("latest_seq", "0");
                putMeta("created_at", Instant.now().toString());
            });
        }
    }

    /**
     * With {@code sync: normal}, a commit is in the OS's page cache before it is on disk: a killed relay keeps it,
     * a crashed or powered-off machine may not. If the store was not closed cleanly and the machine has booted
     * since it was opened, the last changes clients saw may be gone, and the seqs they carry would be handed out
     * again for other changes: start a new epoch, so every client takes a fresh snapshot. A relay killed on a
     * machine that kept running (same boot) keeps its epoch.
     */
    void afterMachineCrash(Database.Sync sync, String bootNow) throws SQLException {
        String openedInBoot = meta("opened_in_boot");
        boolean uncleanAcrossBoot = "0".equals(meta("closed_cleanly"))
                && openedInBoot != null
                && bootNow != null
                && !openedInBoot.equals(bootNow);
        inTransaction(st -> {
            if (uncleanAcrossBoot && sync == Database.Sync.NORMAL) {
                String epoch = startNewEpoch(c);
                LoggerFactory.getLogger(SqliteAlertStore.class)
                        .warn(
                                "the store {} was not closed before"
                                        + " the machine restarted, and store.sync is normal: the last changes before"
                                        + " the crash may be"
                                        + " lost, so the journal starts again in a new epoch {} (clients take a fresh"
                                        + " snapshot)",
                                file.toAbsolutePath(),
                                epoch);
            }
            putMeta("closed_cleanly", "0");
            if (bootNow != null) putMeta("opened_in_boot", bootNow);
        });
    }

    /**
     * Gives the store's history a new epoch and drops the old epoch's journal, which no client can resume from any
     * more; the caller holds the transaction. Used when clients may hold seqs the store no longer matches (a
     * restored backup, changes lost to a machine crash).
     *
     * @return the new epoch
     */
    static String startNewEpoch(Connection c) throws SQLException {
        String epoch = newEpochId();
        try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'epoch'");
                Statement st = c.createStatement()) {
            ps.setString(1, epoch);
            ps.executeUpdate();
            st.execute("DELETE FROM journal");
        }
        return epoch;
    }

    private static String newEpochId() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Linux's id of this boot; null where there is none (then a machine crash cannot be told from a kill). */
    static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Loaded load() {
        try {
            String epoch = meta("epoch");
            long latest = Long.parseLong(meta("latest_seq"));
            List<Alert> alerts = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT frame, expires_at FROM alerts ORDER BY fingerprint")) {
                while (rs.next()) {
                    long expires = rs.getLong(2);
                    alerts.add(
                            StoreDocs.readAlert(rs.getBytes(1), rs.wasNull() ? null : Instant.ofEpochMilli(expires)));
                }
            }
            List<Silence> silences = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT frame FROM silences ORDER BY id")) {
                while (rs.next()) silences.add(StoreDocs.readSilence(rs.getBytes(1)));
            }
            List<JournalEntry> journal = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT seq, at, frame FROM journal ORDER BY seq")) {
                while (rs.next()) {
                    byte[] frame = rs.getBytes(3);
                    Change change = StoreDocs.readFrame(frame);
                    ByteBuffer direct = ByteBuffer.allocateDirect(frame.length)
                            .put(frame)
                            .flip()
                            .asReadOnlyBuffer();
                    journal.add(new JournalEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), change, direct));
                }
            }
            return new Loaded(epoch, latest, alerts, silences, journal);
        } catch (SQLException | IOException | RuntimeException e) {
            throw new StoreException(
                    "cannot read the store " + file.toAbsolutePath() + ": " + e.getMessage() + ". " + Database.RECOVERY,
                    e);
        }
    }

    @Override
    public boolean commit(Step step) {
        // expiry-only moves (step.touched()) are not kept on one node: a restart gives a full resolve timeout
        if (step.entries().isEmpty() && step.dropped().isEmpty() && step.journalOldest() <= 0) return false;
        try {
            inTransaction(st -> write(st, step));
            return true;
        } catch (SQLException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void write(Statements st, Step step) throws SQLException {
        PreparedStatement upsertAlert = st.upsertAlert();
        PreparedStatement upsertSilence = st.upsertSilence();
        PreparedStatement insertJournal = st.insertJournal();
        long latest = -1;
        for (JournalEntry e : step.entries()) {
            // the frame the clients get is the stored form too: encoded once, copied out of its buffer once
            byte[] frame = StoreDocs.bytes(e.frame());
            if (e.change() instanceof Change.AlertChanged a) {
                Alert alert = a.alert();
                upsertAlert.setString(1, alert.fingerprint());
                upsertAlert.setString(2, alert.status().name().toLowerCase(Locale.ROOT));
                setMillis(upsertAlert, 3, alert.endsAt());
                setMillis(upsertAlert, 4, alert.expiresAt());
                upsertAlert.setBytes(5, frame);
                upsertAlert.executeUpdate();
            } else if (e.change() instanceof Change.SilenceChanged s) {
                Silence silence = s.silence();
                upsertSilence.setString(1, silence.id());
                upsertSilence.setString(2, silence.status().name().toLowerCase(Locale.ROOT));
                upsertSilence.setLong(3, silence.endsAt().toEpochMilli());
                upsertSilence.setBytes(4, frame);
                upsertSilence.executeUpdate();
            }
            insertJournal.setLong(1, e.seq());
            insertJournal.setLong(2, e.at().toEpochMilli());
            insertJournal.setBytes(3, frame);
            insertJournal.executeUpdate();
            latest = e.seq();
        }
        for (String fp : step.dropped().alerts()) {
            st.deleteAlert().setString(1, fp);
            st.deleteAlert().executeUpdate();
        }
        for (String id : step.dropped().silences()) {
            st.deleteSilence().setString(1, id);
            st.deleteSilence().executeUpdate();
        }
        if (step.journalOldest() > 0) {
            st.trimJournal().setLong(1, step.journalOldest());
            st.trimJournal().executeUpdate();
        }
        if (latest >= 0) putMeta("latest_seq", Long.toString(latest));
    }

    @Override
    public boolean probe() {
        try {
            inTransaction(st -> putMeta("probed_at", Instant.now().toString()));
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The epoch this store's history is in. */
    public String epoch() {
        try {
            return meta("epoch");
        } catch (SQLException e) {
            throw new StoreException("cannot read the epoch from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (c.isClosed()) return;
            try {
                inTransaction(st -> putMeta("closed_cleanly", "1"));
            } catch (SQLException e) {
                // a full disk at shutdown: the next start takes it for a crash, which only costs a new epoch
            }
            if (ps != null) ps.close();
            c.close();
        } catch (SQLException ignored) {
            // closing at shutdown: committed work is safe, nothing else to do
        }
    }

    private StoreUnavailableException unavailable(Exception e) {
        String why = e.getMessage();
        String todo = "free space or fix the disk and send it again (the relay retries by itself)";
        if (e instanceof SQLiteException s) {
            String code = s.getResultCode().name();
            if (code.equals("SQLITE_FULL")) {
                why = "the disk holding " + file.getParent().toAbsolutePath() + " is full";
            } else if (code.startsWith("SQLITE_READONLY")) {
                why = "the store file has become read-only";
                todo = "make " + file.toAbsolutePath() + " writable again and send it again";
            } else if (code.startsWith("SQLITE_IOERR")) {
                why = "an I/O error writing " + file.toAbsolutePath() + " (" + code + ")";
            } else if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
                why = "another process has held the store's write lock for over 5 s (" + code + ")";
                todo = "find what holds " + file.toAbsolutePath() + " open for writing (only the relay and"
                        + " ./relay token should) and send it again";
            } else {
                why = code + ": " + s.getMessage();
                todo = "this is a fault in the relay, not in your request: report it with the log; send it again";
            }
        }
        return new StoreUnavailableException(
                "the store cannot take writes: " + why + ". Nothing of this request" + " was kept; " + todo, e);
    }

    private void rollbackQuietly() {
        try (Statement st = c.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite may have rolled back by itself already (SQLITE_FULL does); gone either way
        }
        if (ps != null) {
            ps.close();
            ps = null;
        }
    }

    private String meta(String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void putMeta(String key, String value) throws SQLException {
        PreparedStatement setMeta = statements().setMeta();
        setMeta.setString(1, key);
        setMeta.setString(2, value);
        setMeta.executeUpdate();
    }

    private static void setMillis(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) ps.setNull(i, Types.INTEGER);
        else ps.setLong(i, t.toEpochMilli());
    }
}
