package io.alertrelay.loadtest.scenario;

import java.util.List;

/**
 * One load-test scenario as written in loadtest/scenarios/*.yaml: how many clients, how they connect, and the
 * steps to run once they are all subscribed.
 *
 * @param clients      WebSocket clients to hold open
 * @param connect      how fast to open them
 * @param slots        distinct alerts the driver rotates through: each push re-sends some of them with new
 *                     annotations, so the server's alert count stays bounded however long the run
 * @param payloadBytes extra annotation bytes per alert (0: an alert frame is about 400 bytes)
 * @param receiveBufferBytes SO_RCVBUF of every client socket, 0 for the kernel's default. On loopback the
 *                     kernel grows a receive buffer up to tcp_rmem's maximum (32 MiB here), so a client that
 *                     stops reading would hide megabytes before the server notices; a real client on a real
 *                     network fills up much sooner. The slow-consumers scenario sets 64 KiB.
 */
public record Scenario(
        String name,
        String description,
        int clients,
        Connect connect,
        int slots,
        int payloadBytes,
        int receiveBufferBytes,
        List<Step> steps) {

    /**
     * @param perSecond new connections per second, all workers together
     * @param inFlight  handshakes in progress at once, all workers together
     */
    public record Connect(double perSecond, int inFlight) {}

    public Scenario {
        if (clients < 1) throw new IllegalArgumentException("scenario " + name + ": clients must be at least 1");
        if (connect == null) connect = new Connect(2_000, 1_000);
        if (slots < 1) slots = 1_000;
        steps = steps == null ? List.of() : List.copyOf(steps);
        for (Step s : steps) s.check(name);
    }

    /** The same scenario with another client count (the smoke test and quick looks). */
    public Scenario withClients(int n) {
        return new Scenario(name, description, n, connect, slots, payloadBytes, receiveBufferBytes, steps);
    }
}
