package io.alertrelay.loadtest.client;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one worker's clients observed; owned by the client loop's thread and copied out on request.
 * Latencies are microseconds from the driver's send stamp to the moment the frame was parsed.
 */
final class ClientStats {

    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    long alertFrames;
    long lost;
    long outOfOrder;
    long resets;
    long replayed;
    long connectFailures;
    long lastRecvNanos;
    final Map<Integer, Integer> closes = new TreeMap<>();
    final Map<String, Integer> failures = new TreeMap<>();

    void closed(int code) {
        closes.merge(code, 1, Integer::sum);
    }

    void failed(String why) {
        connectFailures++;
        failures.merge(why, 1, Integer::sum);
    }
}
