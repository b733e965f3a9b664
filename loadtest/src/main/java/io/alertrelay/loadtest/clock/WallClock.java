package io.alertrelay.loadtest.clock;

import java.time.Instant;

/**
 * Epoch nanoseconds that every process on this machine agrees on, cheap enough to read once per frame.
 *
 * <p>Why not {@link System#nanoTime()} alone: its origin is arbitrary per JVM (HotSpot on Linux happens to use
 * CLOCK_MONOTONIC, but nothing promises it), and the alert's send time is stamped in the driver process while
 * it is read in a worker process. Why not {@link Instant#now()} on every frame: it allocates, and a worker
 * reads hundreds of thousands of frames a second. So each process anchors its monotonic clock to the
 * kernel's CLOCK_REALTIME once, at class load: {@code epochNanos = nanoTime() + offset}. All processes read
 * the same kernel realtime clock, so their stamps agree to within the anchoring error (a few microseconds,
 * measured by {@link #anchorErrorNanos()}); NTP slewing during a run of minutes adds at most tens of
 * microseconds. A step of the system clock during a run would show as a jump in the latency chart.
 */
public final class WallClock {

    private static final long OFFSET;
    private static final long ANCHOR_ERROR;

    static {
        long best = Long.MAX_VALUE;
        long offset = 0;
        // take the sample whose realtime read was bracketed most tightly by two monotonic reads
        for (int i = 0; i < 200; i++) {
            long before = System.nanoTime();
            Instant now = Instant.now();
            long after = System.nanoTime();
            long width = after - before;
            if (width < best) {
                best = width;
                long epoch = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                offset = epoch - (before + width / 2);
            }
        }
        OFFSET = offset;
        ANCHOR_ERROR = best;
    }

    private WallClock() {}

    /** Nanoseconds since the epoch, monotonic within this process. */
    public static long epochNanos() {
        return System.nanoTime() + OFFSET;
    }

    /** How wide the bracket around the anchoring read was: an upper bound on this process's offset error. */
    public static long anchorErrorNanos() {
        return ANCHOR_ERROR;
    }
}
