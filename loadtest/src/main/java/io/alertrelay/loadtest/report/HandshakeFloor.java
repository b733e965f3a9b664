package io.alertrelay.loadtest.report;

/**
 * The floor under a reconnect storm, measured in the same invocation as the servers:
 * {@code loadtest/floor/handshake_floor.c}, {@code clients} loopback clients connecting at once, each upgraded to
 * WebSocket, sending one frame and reading back {@code replayFrames} frames of {@code frameBytes}, served by a C
 * server with {@code threads} epoll threads: no JVM, no HTTP library, no JSON, no journal.
 *
 * @param allResumedMs         from the first connect until the last client had its whole replay: the time a
 *                             storm step's {@code resumedMs} is set against
 * @param serverCpuPerClientUs the server process's CPU (user + system) per client
 * @param loadAverageBefore    the machine's 1-minute load average when it started
 */
public record HandshakeFloor(
        int clients,
        int replayFrames,
        int frameBytes,
        int threads,
        double allResumedMs,
        double serverCpuPerClientUs,
        double loadAverageBefore) {}
