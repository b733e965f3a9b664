package io.alertrelay.loadtest.client;

import io.alertrelay.loadtest.clock.WallClock;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes one connection received into protocol events: the upgrade response, then server frames
 * (never masked, never fragmented by either server under test). Everything it learns goes into the
 * connection and the loop's {@link ClientStats}; what needs an answer (subscribe, pong, close) goes back
 * through {@link Replies}.
 */
final class Inbound {

    /** What the loop does on the protocol's behalf. */
    interface Replies {
        void subscribe(WsConnection c);

        void pong(WsConnection c, byte[] a, int from, int len);

        void serverClosed(WsConnection c, int code);

        void failed(WsConnection c, String why);

        void live(WsConnection c);

        void caughtUp(WsConnection c);
    }

    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ClientStats stats;
    private final Replies replies;
    /** Set by the last {@link #process} that stopped inside a frame: bytes needed to complete it. */
    int needed;
    /** Alerts at or below this seq received by a resuming connection count as replayed. */
    long targetSeq = Long.MAX_VALUE;

    String epoch;

    Inbound(ClientStats stats, Replies replies) {
        this.stats = stats;
        this.replies = replies;
    }

    /** Handles whole frames in {@code a[from, to)}; returns how many bytes were consumed. */
    int process(WsConnection c, byte[] a, int from, int to) {
        int p = from;
        needed = 0;
        if (c.state == WsConnection.State.UPGRADING) {
            int end = MessageScan.indexOf(a, p, to, END_OF_HEADERS);
            if (end < 0) return 0;
            String status = new String(a, p, Math.min(12, end - p), StandardCharsets.US_ASCII);
            if (!status.startsWith("HTTP/1.1 101")) {
                replies.failed(
                        c,
                        "http " + status.substring(Math.min(9, status.length())).trim());
                return to - from;
            }
            c.state = WsConnection.State.OPEN;
            p = end + END_OF_HEADERS.length;
        }
        while (p < to && c.state != WsConnection.State.CLOSED) {
            int avail = to - p;
            if (avail < 2) break;
            int b0 = a[p] & 0xFF;
            int len7 = a[p + 1] & 0x7F;
            int header = len7 == 126 ? 4 : len7 == 127 ? 10 : 2;
            if (avail < header) break;
            long len =
                    len7 < 126 ? len7 : len7 == 126 ? ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF) : long64(a, p + 2);
            if (avail < header + len) {
                needed = (int) (header + len);
                break;
            }
            frame(c, b0 & 0x0F, a, p + header, (int) len);
            p += header + (int) len;
        }
        return p - from;
    }

    private void frame(WsConnection c, int opcode, byte[] a, int from, int len) {
        switch (opcode) {
            case ClientFrames.OP_TEXT -> message(c, a, from, from + len);
            case ClientFrames.OP_PING -> replies.pong(c, a, from, len);
            case ClientFrames.OP_CLOSE ->
                replies.serverClosed(c, len >= 2 ? ((a[from] & 0xFF) << 8) | (a[from + 1] & 0xFF) : 1005);
            default -> {} // pong, binary, continuation: not sent by the servers under test
        }
    }

    private void message(WsConnection c, byte[] a, int from, int to) {
        switch (MessageScan.type(a, from, to)) {
            case ALERT, SILENCE -> change(c, a, from, to);
            case WELCOME -> {
                epoch = MessageScan.epoch(a, from, to);
                c.state = WsConnection.State.WELCOMED;
                replies.subscribe(c);
            }
            case SNAPSHOT -> {
                long seq = MessageScan.seq(a, from, to);
                if (c.resuming && MessageScan.reset(a, from, to)) stats.resets++;
                c.lastSeq = seq;
                live(c);
            }
            case ERROR ->
                replies.failed(
                        c, "error frame: " + new String(a, from, Math.min(200, to - from), StandardCharsets.UTF_8));
            default -> {}
        }
    }

    private void live(WsConnection c) {
        if (c.state != WsConnection.State.LIVE) {
            c.state = WsConnection.State.LIVE;
            replies.live(c);
        }
        if (c.lastSeq >= targetSeq) replies.caughtUp(c);
    }

    private void change(WsConnection c, byte[] a, int from, int to) {
        long seq = MessageScan.seq(a, from, to);
        if (c.state != WsConnection.State.LIVE) live(c); // a resume that replays sends no snapshot
        if (c.paused) {
            c.lastSeq = Math.max(c.lastSeq, seq);
            return;
        }
        long last = c.lastSeq;
        if (last >= 0) {
            if (seq > last + 1) stats.lost += seq - last - 1;
            else if (seq <= last) stats.outOfOrder++;
        }
        if (seq > last) c.lastSeq = seq;
        stats.alertFrames++;
        long now = WallClock.epochNanos();
        stats.lastRecvNanos = now;
        if (c.resuming && seq <= targetSeq) stats.replayed++;
        long sent = MessageScan.sentAtNanos(a, from, to);
        if (sent > 0) {
            long micros = Math.max(1, (now - sent) / 1_000);
            stats.latencyMicros.recordValue(Math.min(micros, stats.latencyMicros.getHighestTrackableValue()));
        }
        if (last < targetSeq && c.lastSeq >= targetSeq) replies.caughtUp(c);
    }

    private static long long64(byte[] a, int i) {
        long v = 0;
        for (int k = 0; k < 8; k++) v = (v << 8) | (a[i + k] & 0xFF);
        return v;
    }
}
