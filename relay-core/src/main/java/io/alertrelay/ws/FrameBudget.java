package io.alertrelay.ws;

import io.alertrelay.limit.TokenBucket;
import io.alertrelay.wire.CloseCodes;

/**
 * What one connection may send, checked at each frame header as it is parsed ({@link FrameCheckingChannel}),
 * before anything of the frame is queued or buffered, and whether the session has signed in or not:
 * <ul>
 *   <li>every frame counts against {@code limits.framesPerSecond}: continuation frames of a fragmented message,
 *       and pings, as much as whole messages (a message that never ends cannot flood the relay with empty
 *       fragments);</li>
 *   <li>the frames of one message may announce at most {@code limits.maxMessageBytes} between them, so a header
 *       announcing 2^62 bytes is refused at once, not when that many bytes have arrived.</li>
 * </ul>
 * It also knows whether a message is half received, for the heartbeat's check that none stays so
 * ({@link #unfinishedFor}).
 *
 * <p>{@link #frame} and {@link #messageDone} run on the connection's I/O thread only; {@link #unfinishedFor}
 * may be called from any thread.
 */
final class FrameBudget {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    /** Opcodes from here up are control frames (close, ping, pong): at most 125 bytes, never fragmented. */
    static final int FIRST_CONTROL = 0x8;

    /**
     * Why a frame was refused: the session is closed with {@code code} and {@code message}, counted in
     * relay_frames_rejected_total under {@code reason}.
     */
    record Refusal(int code, String reason, String message) {}

    private final int framesPerSecond;
    private final long maxMessageBytes;
    private final TokenBucket rate;
    /** Bytes the frames of the current message announced so far. */
    private long messageBytes;
    // written on the I/O thread, read by the heartbeat: a message is unfinished while started > done
    private volatile long startedNanos;
    private volatile long started;
    private volatile long done;

    FrameBudget(int framesPerSecond, long maxMessageBytes) {
        this.framesPerSecond = framesPerSecond;
        this.maxMessageBytes = maxMessageBytes;
        this.rate = new TokenBucket(framesPerSecond, System.nanoTime());
    }

    /**
     * One frame header was parsed; returns null when the frame may be read, else why not: over the frame rate
     * (1008) or over the message size (1009).
     */
    Refusal frame(int opcode, long length) {
        long now = System.nanoTime();
        if (!rate.tryAcquire(now)) {
            return new Refusal(
                    CloseCodes.POLICY,
                    "rate-limited",
                    "more than " + framesPerSecond
                            + " frames per second (limits.framesPerSecond): slow down and reconnect");
        }
        if (opcode >= FIRST_CONTROL) return null;
        if (opcode != CONTINUATION) {
            messageBytes = 0;
            startedNanos = now; // before started: whoever sees the new count sees this time
            started++;
        }
        if (length > maxMessageBytes - messageBytes) {
            return new Refusal(
                    CloseCodes.TOO_BIG,
                    "too-big",
                    "message over limits.maxMessageBytes (" + maxMessageBytes + " bytes)");
        }
        messageBytes += length;
        return null;
    }

    /** The receiver got a whole message. */
    void messageDone() {
        done++;
    }

    /** Whether a message begun more than {@code nanos} ago is still not whole. */
    boolean unfinishedFor(long nowNanos, long nanos) {
        return started != done && nowNanos - startedNanos > nanos;
    }
}
