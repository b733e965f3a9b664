package io.alertrelay.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, versioned with SQLite's {@code user_version}. A migration is appended, never edited: a
 * store written by version N is brought to the newest version step by step, each step in one transaction.
 *
 * <p>Alert and silence rows hold the frame that announced their latest version (the wire form, protocol.md:
 * encoded once, for the clients, and stored as is), so adding a field
 * needs no migration; the columns beside them exist only for the queries retention makes.
 */
final class Schema {

    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            // one row per alert held: the latest version clients saw, with its internal expiry
            "CREATE TABLE alerts (fingerprint TEXT PRIMARY KEY, status TEXT NOT NULL,"
                    + " ends_at INTEGER, expires_at INTEGER, frame BLOB NOT NULL)",
            "CREATE TABLE silences (id TEXT PRIMARY KEY, status TEXT NOT NULL, ends_at INTEGER NOT NULL,"
                    + " frame BLOB NOT NULL)",
            // what resume replays: the exact bytes sent, by seq
            "CREATE TABLE journal (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, frame BLOB NOT NULL)",
            // token hashes only; a revoked token keeps its row so `token list` can say when and why
            "CREATE TABLE tokens (sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
                    + " created_at INTEGER NOT NULL, revoked_at INTEGER)",
            "CREATE INDEX tokens_by_name ON tokens (name)"));

    /** The schema version this relay writes. */
    static final int VERSION = MIGRATIONS.size();

    private Schema() {}

    static void migrate(Connection c, Path file) throws SQLException {
        int version;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            version = rs.getInt(1);
        }
        if (version > VERSION) {
            throw new StoreException("the store " + file.toAbsolutePath() + " has schema version " + version
                    + ", written by a newer relay; this relay knows versions up to " + VERSION
                    + ". Run the newer relay, or restore a backup made by this version (docs/operations.md#upgrades)");
        }
        for (int v = version; v < VERSION; v++) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) st.execute(sql);
                st.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }
}
