package io.alertrelay.journal;

import io.alertrelay.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The ordered history of changes that resume reads. Every entry gets the next {@code seq} (gap-free,
 * increasing) inside one {@code epoch}; old entries fall off by count and by age.
 *
 * <p>Not thread-safe: the alert pipeline calls it under its own lock, which is also what makes
 * "assign seq, then publish" one step.
 */
public final class Journal {

    private final String epoch;
    private final int maxEntries;
    private final Duration maxAge;
    private final ArrayDeque<JournalEntry> entries = new ArrayDeque<>();
    private long latestSeq;

    /**
     * @param epoch     names this history; a new epoch tells clients their {@code since} cannot be honoured
     * @param latestSeq the seq of the last change already given out in this epoch (0 for a new epoch)
     */
    public Journal(String epoch, long latestSeq, int maxEntries, Duration maxAge) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        this.epoch = epoch;
        this.latestSeq = latestSeq;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
    }

    /**
     * The journal as the store kept it: {@code entries} (contiguous, in seq order, possibly empty) are held again,
     * then the bounds apply as usual. {@code latestSeq} is the last seq given out, which outlives the entries
     * when every entry has aged out.
     */
    public static Journal restore(
            String epoch, long latestSeq, List<JournalEntry> entries, int maxEntries, Duration maxAge) {
        if (entries.isEmpty()) return new Journal(epoch, latestSeq, maxEntries, maxAge);
        Journal j = new Journal(epoch, entries.get(0).seq() - 1, maxEntries, maxAge);
        entries.forEach(j::append);
        if (j.latestSeq != latestSeq) {
            throw new StoreException("the store's journal ends at seq " + j.latestSeq
                    + " but its latest seq is " + latestSeq + ": the store is inconsistent. Restore a backup with"
                    + " `./relay restore BACKUP-FILE`, or move relay.db aside to start with an empty store"
                    + " (docs/operations.md#recovery)");
        }
        return j;
    }

    public String epoch() {
        return epoch;
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /** The seq of the newest change, 0 when nothing happened yet in this epoch. */
    public long latestSeq() {
        return latestSeq;
    }

    /** The seq of the oldest change still held, or {@code latestSeq() + 1} when none is held. */
    public long oldestSeq() {
        JournalEntry first = entries.peekFirst();
        return first == null ? latestSeq + 1 : first.seq();
    }

    public int size() {
        return entries.size();
    }

    /** The seq the next appended entry must carry. */
    public long nextSeq() {
        return latestSeq + 1;
    }

    public void append(JournalEntry entry) {
        if (entry.seq() != latestSeq + 1) {
            throw new IllegalStateException("journal seq must be " + (latestSeq + 1) + ", got " + entry.seq());
        }
        entries.addLast(entry);
        latestSeq = entry.seq();
        while (entries.size() > maxEntries) entries.removeFirst();
    }

    /**
     * Every change after {@code seq} in order, if all of them are still held; empty when a replay cannot be
     * complete (the client is older than retention, or claims a seq this epoch never reached).
     */
    public Optional<List<JournalEntry>> after(long seq) {
        if (seq > latestSeq || seq < oldestSeq() - 1) return Optional.empty();
        List<JournalEntry> out = new ArrayList<>((int) (latestSeq - seq));
        Iterator<JournalEntry> it = entries.descendingIterator();
        while (it.hasNext()) {
            JournalEntry e = it.next();
            if (e.seq() <= seq) break;
            out.add(e);
        }
        Collections.reverse(out);
        return Optional.of(out);
    }

    /** Drops entries older than {@code maxAge}. */
    public void trim(Instant now) {
        Instant cutoff = now.minus(maxAge);
        while (!entries.isEmpty() && entries.peekFirst().at().isBefore(cutoff)) entries.removeFirst();
    }
}
