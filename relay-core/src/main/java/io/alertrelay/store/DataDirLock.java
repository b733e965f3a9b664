package io.alertrelay.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second relay (or a {@code ./relay restore}) off a dataDir a relay is using: two writers taking turns
 * on one journal would hand out the same seq twice. The lock is the OS's, so it goes with the process, even
 * on SIGKILL.
 */
public final class DataDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StoreException when another process holds the lock, naming what to do */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve("relay.lock");
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM holds it already: another relay in this process
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw new StoreException("dataDir " + dataDir.toAbsolutePath() + " is in use by another relay"
                        + " process (it holds " + file.getFileName() + "): stop that one first, or give this one its"
                        + " own dataDir (RELAY_DATA_DIR)");
            }
            return new DataDirLock(ch, lock);
        } catch (IOException e) {
            throw new StoreException(
                    "cannot lock " + file.toAbsolutePath() + ": " + e.getMessage()
                            + ". Make dataDir writable by the user the relay runs as",
                    e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS drops the lock with the process anyway
        }
    }
}
