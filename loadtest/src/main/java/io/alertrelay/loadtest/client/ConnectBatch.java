package io.alertrelay.loadtest.client;

import io.alertrelay.loadtest.clock.WallClock;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;

/** One {@link ClientLoop#connect} request: how many clients got to "subscribed", how many failed, how fast. */
public final class ConnectBatch {

    private final int count;
    private final long startEpochNanos;
    private final CompletableFuture<ConnectBatch> done;
    private final Histogram handshakeMicros = new Histogram(60_000_000L, 3);
    private int ok;
    private int failed;
    private long endEpochNanos;

    ConnectBatch(int count, long startEpochNanos, CompletableFuture<ConnectBatch> done) {
        this.count = count;
        this.startEpochNanos = startEpochNanos;
        this.done = done;
    }

    void live(long handshakeNanos) {
        ok++;
        handshakeMicros.recordValue(Math.min(Math.max(1, handshakeNanos / 1000), 60_000_000L));
        if (ok + failed == count) finish();
    }

    void failed() {
        failed++;
        if (ok + failed == count) finish();
    }

    void finish() {
        endEpochNanos = WallClock.epochNanos();
        done.complete(this);
    }

    public int ok() {
        return ok;
    }

    public int failedCount() {
        return failed;
    }

    public long startEpochNanos() {
        return startEpochNanos;
    }

    public long endEpochNanos() {
        return endEpochNanos;
    }

    /** Time from opening the socket to the snapshot, per client. */
    public Histogram handshakeMicros() {
        return handshakeMicros;
    }
}
