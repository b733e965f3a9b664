package io.alertrelay.loadtest.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One simulated client: its socket, where it is in the protocol, the last {@code seq} it saw (kept across
 * reconnects, so a resume can be checked for gaps), and the bytes of a frame that arrived only in part.
 * Deliberately small: a worker holds ten thousand of these on one thread.
 */
final class WsConnection {

    enum State {
        IDLE,
        CONNECTING,
        UPGRADING,
        OPEN,
        WELCOMED,
        LIVE,
        CLOSED
    }

    final int index;
    final int sourceIndex;
    SocketChannel channel;
    SelectionKey key;
    State state = State.IDLE;
    /** The last alert/silence seq seen, or the snapshot's seq; -1 before the first subscribe. */
    long lastSeq = -1;
    /** Set when this connection reconnected and must not expect a snapshot: replays are counted against it. */
    boolean resuming;
    /** Reading stopped on purpose (a slow consumer): excluded from loss and latency accounting. */
    boolean paused;
    /** The tail of a partly received frame (or upgrade response), or null. */
    byte[] rest;
    /** Bytes the socket did not take yet, or null. */
    ByteBuffer pendingOut;
    /** Failed to connect or resume and given up on: counted as a failure, not as a client that is behind. */
    boolean abandoned;
    /** Has not yet seen the target seq set by the last reconnect. */
    boolean behind;

    long connectStartNanos;
    int lastCloseCode;

    WsConnection(int index, int sourceIndex) {
        this.index = index;
        this.sourceIndex = sourceIndex;
    }

    boolean live() {
        return state == State.LIVE;
    }

    /** Writes {@code b}, or keeps what the socket did not take and asks for a write-ready event. */
    void send(ByteBuffer b) throws IOException {
        if (pendingOut != null) {
            ByteBuffer joined = ByteBuffer.allocate(pendingOut.remaining() + b.remaining());
            pendingOut = joined.put(pendingOut).put(b).flip();
            return;
        }
        channel.write(b);
        if (b.hasRemaining()) {
            pendingOut = b;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    /** The socket is writable again: write what was kept. */
    void flush() throws IOException {
        if (pendingOut == null) return;
        channel.write(pendingOut);
        if (!pendingOut.hasRemaining()) {
            pendingOut = null;
            key.interestOps(paused ? 0 : SelectionKey.OP_READ);
        }
    }
}
