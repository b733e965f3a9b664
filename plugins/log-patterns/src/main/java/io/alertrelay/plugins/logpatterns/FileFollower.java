package io.alertrelay.plugins.logpatterns;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Follows one path like {@code tail -F}: reads what is appended to the file there, and keeps following the path
 * when the file is rotated.
 * <ul>
 * <li>Rename + create: the path now names another file (device and inode differ). The old file is read to its
 * end and kept open for {@code rotationGrace} (programs such as nginx write to it until they reopen their log),
 * then closed; the new file is read from its start.</li>
 * <li>Copytruncate: the same file got shorter (see {@link OpenLogFile}); reading starts again from byte 0.</li>
 * <li>Deleted: the open file is read until the grace ends; a file created at the path later is read from its
 * start.</li>
 * </ul>
 * Where the first read begins: a follower made at start-up begins at the end the file had when it was first
 * seen (old lines are not alerted on), even when it could only be opened later; any other file is new and is
 * read from its start, unless {@link KnownFiles} says it is a file already read (a rotated file a glob also
 * matches). Called from one thread at a time.
 */
final class FileFollower implements AutoCloseable {

    /** What {@link #poll} found at the path. */
    enum Status {
        OK,
        MISSING,
        NOT_A_FILE,
        UNREADABLE
    }

    private record Draining(OpenLogFile file, Instant until) {}

    private final Path path;
    private final boolean fromEnd;
    private final Duration rotationGrace;
    private final int maxLineBytes;
    private final LogEvents events;
    private final KnownFiles known;
    private final List<Draining> draining = new ArrayList<>();
    private OpenLogFile current;
    private boolean firstPoll = true;
    private Object endKey;
    private long endPosition;
    private String problem = "";

    /**
     * @param fromEnd begin at the end the file has at the first poll (start-up), instead of at its start
     */
    FileFollower(
            Path path, boolean fromEnd, Duration rotationGrace, int maxLineBytes, LogEvents events, KnownFiles known) {
        this.path = path;
        this.fromEnd = fromEnd;
        this.rotationGrace = rotationGrace;
        this.maxLineBytes = maxLineBytes;
        this.events = events;
        this.known = known;
    }

    Path path() {
        return path;
    }

    /** Whether a file is open (being followed, or a rotated one being drained). */
    boolean hasOpenFile() {
        return current != null || !draining.isEmpty();
    }

    /** How many files are open: the one at the path, and rotated ones being drained. */
    int openFiles() {
        return (current == null ? 0 : 1) + draining.size();
    }

    /** What went wrong at the last poll that returned something other than OK: the exception, in short. */
    String problem() {
        return problem;
    }

    /**
     * Reads what was appended since the last poll, up to {@code maxBytes} per file, and notices rotation.
     *
     * @throws IOException when reading an open file fails (it stays open and is tried again next poll)
     */
    Status poll(Instant now, long maxBytes, ByteBuffer scratch) throws IOException {
        drain(now, maxBytes, scratch);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            attrs = null;
        } catch (IOException e) {
            if (current != null) current.read(maxBytes, scratch);
            problem = describe(e);
            return Status.UNREADABLE;
        }
        boolean first = firstPoll;
        firstPoll = false;
        if (first && fromEnd && attrs != null && attrs.isRegularFile()) {
            endKey = attrs.fileKey();
            endPosition = attrs.size();
        }
        if (current != null) {
            if (attrs != null && Objects.equals(attrs.fileKey(), current.key())) {
                current.read(maxBytes, scratch);
                return Status.OK;
            }
            // renamed away or deleted: finish what is in it, keep it a while for late writes, follow the path
            current.read(maxBytes, scratch);
            draining.add(new Draining(current, now.plus(rotationGrace)));
            if (attrs != null) events.rotated(path, LogEvents.Rotation.RENAME);
            current = null;
            if (rotationGrace.isZero()) drain(now, maxBytes, scratch);
        }
        if (attrs == null) return Status.MISSING;
        if (!attrs.isRegularFile()) {
            problem = attrs.isDirectory() ? "a directory" : "not a regular file";
            return Status.NOT_A_FILE;
        }
        Object key = attrs.fileKey();
        if (known.isOpen(key)) return Status.OK; // another reader of this path has it: wait until it is done
        KnownFiles.Resume startAt = Objects.equals(key, endKey)
                ? new KnownFiles.Resume(endPosition, null)
                : known.closedAt(key).orElse(null);
        OpenLogFile opened;
        try {
            opened = OpenLogFile.open(path, key, startAt, events, maxLineBytes, scratch);
        } catch (AccessDeniedException e) {
            problem = "permission denied";
            return Status.UNREADABLE;
        } catch (NoSuchFileException e) {
            return Status.MISSING;
        } catch (IOException e) {
            problem = describe(e);
            return Status.UNREADABLE;
        }
        if (opened == null) return Status.OK; // replaced between stat and open: next poll
        current = opened;
        endKey = null;
        known.opened(key);
        current.read(maxBytes, scratch);
        return Status.OK;
    }

    /** Reads the rotated files still open; closes those whose grace is over, or that fail (they are done with). */
    private void drain(Instant now, long maxBytes, ByteBuffer scratch) {
        Iterator<Draining> it = draining.iterator();
        while (it.hasNext()) {
            Draining d = it.next();
            boolean failed = false;
            try {
                d.file().read(maxBytes, scratch);
            } catch (IOException e) {
                failed = true;
            }
            if (failed || !now.isBefore(d.until())) {
                d.file().finish();
                known.closed(d.file().key(), d.file().resume());
                it.remove();
            }
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
            known.closed(current.key(), current.resume());
            current = null;
        }
        for (Draining d : draining) {
            d.file().close();
            known.closed(d.file().key(), d.file().resume());
        }
        draining.clear();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String reason = e.getClass().getSimpleName().replace("Exception", "");
        return m == null || m.equals(e.getClass().getName()) ? reason : reason + ": " + m;
    }
}
