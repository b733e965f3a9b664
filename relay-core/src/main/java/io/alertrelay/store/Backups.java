package io.alertrelay.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Consistent copies of the store while the relay runs, and putting one back while it does not.
 *
 * <p>A backup is SQLite's {@code VACUUM INTO}: a snapshot as of one transaction, taken through a reader, so
 * the relay goes on writing meanwhile. A restore gives the restored history a new epoch, because clients may
 * have seen seqs after the backup that the restored store will hand out again for other changes; the new epoch
 * makes every client take a fresh snapshot instead of trusting its {@code since}.
 */
public final class Backups {

    /** What a store file holds, as printed after a backup or restore. */
    public record Summary(
            String epoch, long latestSeq, long alerts, long silences, long journalEntries, long tokens, long bytes) {
        @Override
        public String toString() {
            return "epoch " + epoch + ", seq " + latestSeq + ", " + alerts + " alerts, " + silences + " silences, "
                    + journalEntries + " journal entries, " + tokens + " tokens, " + bytes + " bytes";
        }
    }

    private Backups() {}

    /**
     * Copies the store in {@code dataDir} to {@code target} and checks the copy.
     *
     * @throws StoreException when there is no store, the target exists, or the copy fails its check
     */
    public static Summary backup(Path dataDir, Path target) {
        Path source = Database.file(dataDir);
        if (Files.exists(target)) {
            throw new StoreException("the backup target " + target.toAbsolutePath() + " exists already: give a new"
                    + " file name (a backup never overwrites)");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreException("the backup target's folder " + parent + " does not exist: create it first");
        }
        try (Connection c = Database.openReadOnly(source);
                Statement st = c.createStatement()) {
            st.execute("VACUUM INTO '" + target.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new StoreException(
                    "backup of " + source.toAbsolutePath() + " to " + target.toAbsolutePath() + " failed: "
                            + e.getMessage() + ". Check free space and permissions at the target",
                    e);
        }
        return verify(target);
    }

    /**
     * Checks a store file (a backup, or the store itself) without changing it.
     *
     * @throws StoreException naming what is wrong with it
     */
    public static Summary verify(Path file) {
        try (Connection c = Database.openReadOnly(file)) {
            Database.quickCheck(c, file);
            int version;
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            if (version < 1 || version > Schema.VERSION) {
                throw new StoreException(file.toAbsolutePath() + " has schema version " + version + "; this relay"
                        + " reads versions 1 to " + Schema.VERSION + ": it is not a relay store of this version");
            }
            return new Summary(
                    meta(c, "epoch"),
                    Long.parseLong(meta(c, "latest_seq")),
                    count(c, "alerts"),
                    count(c, "silences"),
                    count(c, "journal"),
                    count(c, "tokens WHERE revoked_at IS NULL"),
                    Files.size(file));
        } catch (SQLException | IOException e) {
            throw new StoreException(
                    "cannot read " + file.toAbsolutePath() + " as a relay store: " + e.getMessage(), e);
        }
    }

    /** What a restore did: the restored store, and what became of the tokens. */
    public record Restored(Summary summary, String tokens) {}

    /**
     * Puts {@code backup} in place of the store in {@code dataDir}. The relay must be stopped (this takes its
     * lock). The current store is moved aside, never deleted. Tokens are access control, not history: the
     * current store's tokens (revocations included) replace the backup's, so a restore never brings back a
     * token revoked since the backup was made.
     */
    public static Restored restore(Path dataDir, Path backup, Clock clock) {
        verify(backup);
        try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
            Path live = Database.file(dataDir);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(ZoneOffset.UTC)
                    .format(clock.instant());
            Path previous = live.resolveSibling(Database.FILE_NAME + ".before-restore-" + stamp);
            boolean hadStore = Files.exists(live);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path f = live.resolveSibling(Database.FILE_NAME + suffix);
                if (Files.exists(f)) Files.move(f, previous.resolveSibling(previous.getFileName() + suffix));
            }
            Path tmp = live.resolveSibling(Database.FILE_NAME + ".restoring");
            Files.copy(backup, tmp, StandardCopyOption.REPLACE_EXISTING);
            String tokens;
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.toAbsolutePath())) {
                tokens = hadStore
                        ? tokensFrom(c, previous)
                        : "tokens: the backup's (there was no store here to take them from)";
                c.setAutoCommit(false);
                SqliteAlertStore.startNewEpoch(c);
                c.commit();
            }
            Files.move(tmp, live, StandardCopyOption.ATOMIC_MOVE);
            return new Restored(verify(live), tokens);
        } catch (IOException | SQLException e) {
            throw new StoreException(
                    "restore of " + backup.toAbsolutePath() + " into " + dataDir.toAbsolutePath()
                            + " failed: " + e.getMessage() + ". The previous store, if any, is in dataDir as"
                            + " relay.db.before-restore-*; move it back to relay.db to undo",
                    e);
        }
    }

    /** Replaces the restored copy's tokens with those of the store it replaces; says what it did. */
    private static String tokensFrom(Connection restored, Path previous) {
        try (Statement st = restored.createStatement()) {
            st.execute(
                    "ATTACH DATABASE '" + previous.toAbsolutePath().toString().replace("'", "''") + "' AS prev");
            try {
                st.execute("BEGIN IMMEDIATE");
                st.execute("DELETE FROM tokens");
                int n = st.executeUpdate("INSERT INTO tokens (sha256, name, role, created_at, revoked_at)"
                        + " SELECT sha256, name, role, created_at, revoked_at FROM prev.tokens");
                st.execute("COMMIT");
                return "tokens: the " + n + " of the store it replaced, revocations included (the backup's were"
                        + " not used)";
            } finally {
                st.execute("DETACH DATABASE prev");
            }
        } catch (SQLException e) {
            try (Statement st = restored.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // nothing was begun
            }
            return "tokens: the BACKUP's, because the store it replaced could not be read (" + e.getMessage()
                    + "): a token revoked since the backup is valid again; check with ./relay token list and"
                    + " revoke again";
        }
    }

    private static String meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("no '" + key + "' in its meta table");
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            return rs.getLong(1);
        }
    }
}
