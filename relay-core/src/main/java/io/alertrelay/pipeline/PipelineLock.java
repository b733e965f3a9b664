package io.alertrelay.pipeline;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The pipeline's one lock, watched: how long each acquisition waited (for {@code relay_pipeline_lock_wait_seconds}),
 * how long the current holder has held it and how long the oldest waiter has waited, so {@code /readyz} can say
 * "the pipeline cannot take a change" while it is so, and {@code /healthz} can say "wedged" when it has been so
 * for a long time. Reentrant: only the outermost acquisition counts.
 *
 * <p>Thread-safe. Reading the watch ({@link #stalledNanos}) never takes the lock: the health handlers run on I/O
 * threads and must answer while the lock is held. Taking and releasing it is for this package only: outside it the
 * lock is something to watch, never to hold.
 */
public final class PipelineLock {

    private final ReentrantLock lock = new ReentrantLock();
    /** {@link System#nanoTime()} when the outermost holder took it; 0 while free. */
    private volatile long heldSince;
    /** When a waiter that has not got the lock yet started waiting; 0 when nobody is known to wait. */
    private final AtomicLong waitingSince = new AtomicLong();
    /** When the last wait longer than {@link #LONG_WAIT} ended, and how long it was (a stall that just ended). */
    private volatile long lastLongWaitEnded;

    private volatile long lastLongWaitNanos;
    private volatile LongConsumer waits = nanos -> {};

    /** A wait this long is remembered for {@link #REMEMBER_LONG_WAIT} after it ended. */
    static final Duration LONG_WAIT = Duration.ofSeconds(1);

    static final Duration REMEMBER_LONG_WAIT = Duration.ofSeconds(10);

    /** Where the wait of every outermost acquisition goes, in nanoseconds (a Micrometer timer). */
    public void onWait(LongConsumer waitNanos) {
        this.waits = waitNanos;
    }

    void lock() {
        if (lock.isHeldByCurrentThread()) {
            lock.lock();
            return;
        }
        long start = System.nanoTime();
        if (!lock.tryLock()) {
            boolean claimed = waitingSince.compareAndSet(0, start);
            lock.lock();
            if (claimed) waitingSince.compareAndSet(start, 0);
        }
        long now = System.nanoTime();
        heldSince = now == 0 ? 1 : now;
        long waited = now - start;
        if (waited > LONG_WAIT.toNanos()) {
            lastLongWaitNanos = waited;
            lastLongWaitEnded = now;
        }
        waits.accept(waited);
    }

    void unlock() {
        if (lock.getHoldCount() == 1) heldSince = 0;
        lock.unlock();
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** How long the current holder has held the lock, 0 when it is free. */
    public long heldNanos() {
        long since = heldSince;
        return since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
    }

    /**
     * How long the pipeline has not been able to take a change: the longest of the current hold, the current wait,
     * and a wait over a second that ended within the last ten seconds (so a stall made of many long holds in a row
     * shows too, not only one long hold).
     */
    public long stalledNanos() {
        long now = System.nanoTime();
        long worst = heldNanos();
        long waiting = waitingSince.get();
        if (waiting != 0) worst = Math.max(worst, now - waiting);
        long ended = lastLongWaitEnded;
        if (ended != 0 && now - ended < REMEMBER_LONG_WAIT.toNanos()) worst = Math.max(worst, lastLongWaitNanos);
        return worst;
    }

    /** Past this, {@code /readyz} answers 503: the relay is not taking changes now; it recovers by itself. */
    public static final Duration NOT_READY_AFTER = Duration.ofSeconds(5);
    /** Past this, {@code /healthz} answers 503: the relay is wedged, and a restart is what helps. */
    public static final Duration WEDGED_AFTER = Duration.ofSeconds(60);

    /**
     * Null while the pipeline takes changes within {@code bound}; otherwise what is wrong, in words for
     * {@code /readyz} and {@code /healthz}.
     */
    public String stalledLongerThan(Duration bound) {
        long stalled = stalledNanos();
        if (stalled <= bound.toNanos()) return null;
        return "the pipeline has not taken a change for " + seconds(stalled) + " (more than " + bound.toSeconds()
                + " s): pushes, acks and deliveries wait; relay_pipeline_lock_held_seconds and"
                + " relay_pipeline_lock_wait_seconds show it";
    }

    /** Seconds, for messages. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }
}
