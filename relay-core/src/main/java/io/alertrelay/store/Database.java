package io.alertrelay.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The relay's one SQLite file, {@code dataDir/relay.db}, opened with the settings every user of it relies on:
 * write-ahead logging (readers, such as {@code ./relay backup} and the token commands, never block the relay),
 * foreign keys, a busy timeout for the moments another process holds the write lock, and the schema brought to
 * the current version.
 *
 * <p>A file that is not a database, is damaged, or was written by a newer relay stops start-up with
 * {@link StoreException} naming the file and the way back ({@code docs/operations.md#recovery}); nothing is
 * overwritten or deleted to get going.
 */
public final class Database {

    public static final String FILE_NAME = "relay.db";

    /** How the relay waits for its own writes to reach the disk. */
    public enum Sync {
        /**
         * Survives the process being killed (the OS holds the write); an OS crash or power cut may lose the last ones.
         */
        NORMAL,
        /** Also survives an OS crash or power cut: an fsync per commit, so each write costs a disk flush. */
        FULL;

        public static Sync parse(String text) {
            return Sync.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
    }

    private Database() {}

    /** The store file inside {@code dataDir}. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /**
     * Opens (creating when absent) the store in {@code dataDir} and brings its schema up to date.
     *
     * @param check whether to run SQLite's {@code quick_check} first (start-up does; short-lived commands need not)
     * @throws StoreException when the file cannot be opened, is damaged, or has a newer schema than this relay knows
     */
    public static Connection open(Path dataDir, Sync sync, boolean check) {
        Path file = file(dataDir);
        Connection c;
        try {
            Files.createDirectories(dataDir);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (IOException | SQLException e) {
            throw new StoreException(
                    "cannot open the store " + file.toAbsolutePath() + ": " + e.getMessage()
                            + ". Check that dataDir exists, is a directory, and is writable by this user",
                    e);
        }
        try {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = " + sync.name());
                st.execute("PRAGMA foreign_keys = ON");
            }
            if (check) quickCheck(c, file);
            Schema.migrate(c, file);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw openFailure(file, e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** Opens an existing store read-only, e.g. a backup to verify; fails if the file is absent. */
    public static Connection openReadOnly(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no store at " + file.toAbsolutePath() + ": give the path of a relay.db file");
        }
        try {
            SQLiteConfig cfg = new SQLiteConfig();
            cfg.setReadOnly(true);
            cfg.setBusyTimeout(5000);
            return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
        } catch (SQLException e) {
            throw openFailure(file, e);
        }
    }

    /**
     * Runs SQLite's {@code quick_check}: damaged pages, broken indexes, malformed records.
     *
     * @throws StoreException listing the first problems, with the recovery path
     */
    static void quickCheck(Connection c, Path file) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
            while (rs.next()) problems.add(rs.getString(1));
        }
        if (!(problems.size() == 1 && problems.get(0).equals("ok"))) {
            throw new StoreException("the store " + file.toAbsolutePath() + " is damaged (SQLite quick_check: "
                    + String.join("; ", problems) + "). " + RECOVERY);
        }
    }

    static final String RECOVERY = "Nothing was changed. To recover: stop here, keep the damaged file for"
            + " analysis, then either restore a backup with `./relay restore BACKUP-FILE` or move relay.db"
            + " (and relay.db-wal, relay.db-shm) out of dataDir to start with an empty store (clients then get a"
            + " full snapshot). See docs/operations.md#recovery";

    static StoreException openFailure(Path file, SQLException e) {
        if (e instanceof SQLiteException s) {
            SQLiteErrorCode code = s.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_NOTADB || code == SQLiteErrorCode.SQLITE_CORRUPT) {
                return new StoreException(
                        "the store " + file.toAbsolutePath() + " is not a readable SQLite database (" + code + "). "
                                + RECOVERY,
                        e);
            }
            if (code == SQLiteErrorCode.SQLITE_CANTOPEN
                    || code == SQLiteErrorCode.SQLITE_READONLY
                    || code == SQLiteErrorCode.SQLITE_PERM) {
                return new StoreException(
                        "cannot open the store " + file.toAbsolutePath() + " for writing (" + code
                                + "): make the file and dataDir writable by the user the relay runs as",
                        e);
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY) {
                return new StoreException(
                        "the store " + file.toAbsolutePath() + " is locked by another process (" + code
                                + "): is another relay using this dataDir?",
                        e);
            }
        }
        return new StoreException(
                "cannot use the store " + file.toAbsolutePath() + ": " + e.getMessage() + ". " + RECOVERY, e);
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one to report
        }
    }
}
