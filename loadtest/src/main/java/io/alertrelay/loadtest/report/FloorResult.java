package io.alertrelay.loadtest.report;

/**
 * The kernel floor measured in the same invocation as the servers: {@code loadtest/floor/write_floor.c}, one
 * frame per round written to each of {@code connections} loopback sockets with one {@code write(2)} each, no JVM,
 * no WebSocket, no JSON.
 *
 * @param cpuPerWriteUs      the writer process's CPU (user + system) per write: the measure a server's CPU per
 *                           delivery is set against
 * @param lastReaderP99Ms    per round, when the last reader had its frame (from the start of the writes): p99
 * @param loadAverageBefore  the machine's 1-minute load average when the floor started
 * @param handshake          the storm's floor, when the scenario has a storm step, else null
 */
public record FloorResult(
        int connections,
        int rounds,
        int frameBytes,
        int threads,
        double cpuPerWriteUs,
        double lastReaderP50Ms,
        double lastReaderP90Ms,
        double lastReaderP99Ms,
        double loadAverageBefore,
        HandshakeFloor handshake) {

    public FloorResult withHandshake(HandshakeFloor h) {
        return new FloorResult(
                connections,
                rounds,
                frameBytes,
                threads,
                cpuPerWriteUs,
                lastReaderP50Ms,
                lastReaderP90Ms,
                lastReaderP99Ms,
                loadAverageBefore,
                h);
    }
}
