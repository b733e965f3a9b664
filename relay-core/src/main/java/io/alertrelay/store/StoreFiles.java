package io.alertrelay.store;

import java.nio.file.Path;

/** What a relay holds open in its dataDir, opened and closed as one: the lock first, then the store. */
public record StoreFiles(DataDirLock lock, SqliteAlertStore alerts, SqliteTokenStore tokens) implements AutoCloseable {

    /** @throws StoreException when the dataDir is in use, or the store cannot be opened or is damaged */
    public static StoreFiles open(Path dataDir, Database.Sync sync) {
        DataDirLock lock = DataDirLock.acquire(dataDir);
        SqliteAlertStore alerts = null;
        try {
            alerts = SqliteAlertStore.open(dataDir, sync);
            return new StoreFiles(lock, alerts, SqliteTokenStore.open(dataDir, sync));
        } catch (RuntimeException e) {
            if (alerts != null) alerts.close();
            lock.close();
            throw e;
        }
    }

    @Override
    public void close() {
        tokens.close();
        alerts.close();
        lock.close();
    }
}
