package io.alertrelay.store;

import io.alertrelay.auth.Role;
import io.alertrelay.auth.StoredToken;
import io.alertrelay.auth.TokenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Token hashes in the store's {@code tokens} table: the ones the relay and {@code ./relay token create} made.
 * Tokens from the config file are not here (the config is their home). The table can be written by another
 * process (the token commands) while the relay runs; {@link #version()} tells the relay when to re-read it.
 *
 * <p>Thread-safe: every method holds this object's monitor (calls are rare: start-up, CLI, a check per second).
 */
public final class SqliteTokenStore implements AutoCloseable {

    /** One row: a token's hash and who it is, and when it was revoked (null while valid). */
    public record Row(StoredToken token, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    private final Connection c;
    private final Path file;

    private SqliteTokenStore(Connection c, Path file) {
        this.c = c;
        this.file = file;
    }

    /**
     * Opens the token table of the store in {@code dataDir}, importing a {@code tokens.json} left by an older relay.
     */
    public static SqliteTokenStore open(Path dataDir, Database.Sync sync) {
        Connection c = Database.open(dataDir, sync, false);
        SqliteTokenStore store = new SqliteTokenStore(c, Database.file(dataDir));
        try {
            store.importTokenFile(dataDir);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Every row, active and revoked, oldest first. */
    public synchronized List<Row> all() {
        List<Row> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT name, role, sha256, created_at, revoked_at FROM tokens ORDER BY created_at, name")) {
            while (rs.next()) {
                // wasNull() answers for the column read last, so revoked_at is read last, right before it
                StoredToken t = new StoredToken(
                        rs.getString(1),
                        Role.fromWireName(rs.getString(2)),
                        rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)));
                long revoked = rs.getLong(5);
                out.add(new Row(t, rs.wasNull() ? null : Instant.ofEpochMilli(revoked)));
            }
        } catch (SQLException e) {
            throw failure("read the tokens", e);
        }
        return out;
    }

    public List<StoredToken> active() {
        return all().stream().filter(Row::active).map(Row::token).toList();
    }

    /**
     * @throws IllegalArgumentException when an active token already has this name (names are how people revoke)
     */
    public synchronized void add(StoredToken t) {
        for (Row r : all()) {
            if (r.active() && r.token().name().equals(t.name())) {
                throw new IllegalArgumentException("a token named '" + t.name() + "' exists already: pick another"
                        + " name, or revoke it first with `./relay token revoke " + t.name() + "`");
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO tokens (sha256, name, role, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, t.sha256());
            ps.setString(2, t.name());
            ps.setString(3, t.role().wireName());
            ps.setLong(4, t.createdAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("store the token '" + t.name() + "'", e);
        }
    }

    /** Revokes every active token with this name; returns how many. */
    public synchronized int revoke(String name, Instant at) {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, name);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("revoke the token '" + name + "'", e);
        }
    }

    /** Changes whenever any connection, in any process, commits to the store: a cheap "re-read?" check. */
    public synchronized long version() {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure("check the tokens for changes", e);
        }
    }

    @Override
    public synchronized void close() {
        Database.closeQuietly(c);
    }

    private void importTokenFile(Path dataDir) {
        TokenFile old = new TokenFile(dataDir);
        if (!Files.exists(old.path())) return;
        List<String> known = all().stream().map(r -> r.token().sha256()).toList();
        for (StoredToken t : old.read()) {
            if (!known.contains(t.sha256())) add(t);
        }
        try {
            Files.move(
                    old.path(), old.path().resolveSibling("tokens.json.imported"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StoreException(
                    "imported " + old.path() + " into the store but cannot rename it: " + e.getMessage()
                            + ". Delete or move it by hand",
                    e);
        }
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + file.toAbsolutePath() + ": " + e.getMessage(), e);
    }
}
