package io.alertrelay.loadtest.client;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one worker's clients observed, as sent to the coordinator (one JSON line).
 *
 * @param alertFrames      alert and silence frames received by reading clients, all time
 * @param lost             seqs skipped (a gap between two frames one client received)
 * @param outOfOrder       frames whose seq was not above the last one the client saw
 * @param resets           resumes answered with a {@code reset} snapshot instead of a replay
 * @param replayed         frames received by resuming clients at or below the resume target
 * @param lastRecvNanos    wall-clock epoch nanos of the latest alert frame
 * @param live             clients subscribed right now
 * @param paused           clients that stopped reading on purpose
 * @param behind           reading clients whose last seq is below the target asked about (clients that failed
 *                         to connect and were given up on are not counted: they are in {@code failures})
 * @param missing          seqs those clients still lack, summed
 * @param allCaughtUpNanos when the last resuming client reached the reconnect target, 0 if not yet
 * @param latency          base64 of the compressed latency histogram (micros) since the last reset, or null
 */
public record WorkerSnapshot(
        long alertFrames,
        long lost,
        long outOfOrder,
        long resets,
        long replayed,
        long connectFailures,
        Map<String, Integer> failures,
        Map<Integer, Integer> closes,
        long lastRecvNanos,
        int live,
        int paused,
        int behind,
        long missing,
        long allCaughtUpNanos,
        String latency) {

    static WorkerSnapshot of(
            ClientStats s,
            List<WsConnection> connections,
            long target,
            int resumeBehind,
            long allCaughtUpNanos,
            boolean takeHistogram) {
        int live = 0;
        int paused = 0;
        int behind = 0;
        long missing = 0;
        for (WsConnection c : connections) {
            if (c.paused) {
                paused++;
                continue;
            }
            if (c.abandoned) continue;
            if (c.live()) live++;
            if (target >= 0 && c.lastSeq < target) {
                behind++;
                missing += target - Math.max(c.lastSeq, 0);
            }
        }
        String latency = null;
        if (takeHistogram) {
            ByteBuffer b = ByteBuffer.allocate(s.latencyMicros.getNeededByteBufferCapacity());
            s.latencyMicros.encodeIntoCompressedByteBuffer(b);
            latency = Base64.getEncoder().encodeToString(Arrays.copyOf(b.array(), b.position()));
            s.latencyMicros.reset();
        }
        return new WorkerSnapshot(
                s.alertFrames,
                s.lost,
                s.outOfOrder,
                s.resets,
                s.replayed,
                s.connectFailures,
                new TreeMap<>(s.failures),
                new TreeMap<>(s.closes),
                s.lastRecvNanos,
                live,
                paused,
                behind,
                missing,
                resumeBehind == 0 ? allCaughtUpNanos : 0,
                latency);
    }

    /** The latency histogram this snapshot carries, or an empty one. */
    public Histogram latencyHistogram() {
        if (latency == null) return new Histogram(60_000_000L, 3);
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(latency)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("worker sent a latency histogram that does not decode", e);
        }
    }
}
