package io.alertrelay.ws;

import io.alertrelay.alert.AlertFilter;
import io.alertrelay.auth.Principal;
import io.alertrelay.hub.Subscriber;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One WebSocket connection: who it is, what it subscribed to, and its bounded send queue.
 *
 * <p>Sending: frames go into a lock-free queue whose size in bytes is counted (frames in flight included);
 * the connection's I/O thread writes one frame at a time and its completion callback writes the next. A frame that would take the
 * queue over {@code limits.sendQueueBytes} closes the session with 1013 instead: the client resumes with
 * {@code since} and loses nothing, and whoever delivered the frame never waits.
 */
final class WsSession implements Subscriber {

    private static final Logger log = LoggerFactory.getLogger(WsSession.class);
    /**
     * How long a closing session may take to flush its close frame before the socket is cut. Generous, so a
     * client that was only busy for a while (a background tab) still reads its 1013 and knows to resume.
     */
    private static final long CLOSE_GRACE_MS = 30_000;

    final WebSocketChannel channel;
    final String remoteIp;
    private final WsContext ctx;
    private final long sendQueueLimit;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Thread drainer;
    private volatile Principal principal;
    private volatile AlertFilter filter = AlertFilter.ALL;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "connection lost";

    WsSession(WebSocketChannel channel, String remoteIp, WsContext ctx) {
        this.channel = channel;
        this.remoteIp = remoteIp;
        this.ctx = ctx;
        this.sendQueueLimit = ctx.limits().sendQueueBytes();
    }

    Principal principal() { return principal; }

    void authenticated(Principal p) { this.principal = p; }

    void filter(AlertFilter f) { this.filter = f; }

    @Override
    public AlertFilter filter() { return filter; }

    void touch() { lastSeenNanos = System.nanoTime(); }

    long lastSeenNanos() { return lastSeenNanos; }

    boolean isClosing() { return closing.get() || !channel.isOpen(); }

    int closeCode() { return closeCode; }

    String closeReason() { return closeReason; }

    /** The peer closed first: remember its code for the metrics and the log. */
    void peerClosed(int code, String reason) {
        if (!closing.getAndSet(true)) {
            closeCode = code;
            closeReason = reason == null || reason.isEmpty() ? "closed by client" : reason;
        }
    }

    void send(byte[] frame) { deliver(ByteBuffer.wrap(frame)); }

    @Override
    public void deliver(ByteBuffer frame) {
        if (closing.get()) return;
        int n = frame.remaining();
        if (queuedBytes.addAndGet(n) > sendQueueLimit) {
            queuedBytes.addAndGet(-n);
            slowConsumer();
            return;
        }
        queue.add(frame);
        if (Thread.currentThread() == channel.getIoThread()) {
            drain();
        } else if (!sending.get() && drainScheduled.compareAndSet(false, true)) {
            // writes happen on the connection's own I/O thread, never under the caller's (the pipeline's) lock
            channel.getIoThread().execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        // A completion that runs synchronously inside sendText lands here on the same thread: the loop below
        // picks up the next frame, so the stack never grows with the queue.
        if (drainer == Thread.currentThread()) return;
        drainer = Thread.currentThread();
        try {
            while (sending.compareAndSet(false, true)) {
                ByteBuffer next = queue.poll();
                if (next == null) {
                    sending.set(false);
                    if (queue.isEmpty()) return;
                    continue;
                }
                int n = next.remaining();
                WebSockets.sendText(next, channel, new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel ch, Void context) {
                        sent(n);
                        ctx.metrics().frameSent(n);
                        sending.set(false);
                        drain();
                    }

                    @Override
                    public void onError(WebSocketChannel ch, Void context, Throwable t) {
                        sent(n);
                        sending.set(false);
                        IoUtils.safeClose(ch);
                    }
                });
            }
        } finally {
            drainer = null;
        }
    }

    private void sent(int n) {
        queuedBytes.addAndGet(-n);
    }

    /** Bytes queued or in flight on this session. */
    long queuedBytes() { return queuedBytes.get(); }

    private void slowConsumer() {
        if (closing.get()) return;
        ctx.metrics().slowConsumerClosed();
        close(CloseCodes.TRY_AGAIN_LATER, "send queue over " + sendQueueLimit
                + " bytes: you are not reading fast enough; reconnect and subscribe with since to resume");
    }

    /** Sends a close frame after whatever is in flight and stops queueing; cuts the socket if it cannot flush. */
    void close(int code, String reason) {
        if (closing.getAndSet(true)) return;
        closeCode = code;
        closeReason = reason;
        ctx.pipeline().unsubscribe(this);
        discardQueue();
        WebSockets.sendClose(code, closeFrameReason(reason), channel, null);
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** A close frame's payload is at most 125 bytes, two of them the code: cut the reason to 123 UTF-8 bytes. */
    static String closeFrameReason(String reason) {
        byte[] b = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (b.length <= 123) return reason;
        int end = 123;
        while (end > 0 && (b[end] & 0xC0) == 0x80) end--; // do not split a multi-byte character
        return new String(b, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Drops the socket without a close frame: the peer is gone (missed heartbeats). */
    void abort(String reason) {
        if (closing.getAndSet(true)) return;
        closeCode = CloseCodes.ABNORMAL;
        closeReason = reason;
        ctx.pipeline().unsubscribe(this);
        discardQueue();
        IoUtils.safeClose(channel);
    }

    private void discardQueue() {
        ByteBuffer b;
        while ((b = queue.poll()) != null) sent(b.remaining());
    }

    /** Runs once when the channel is closed, whoever closed it. */
    void closed() {
        closing.set(true);
        ctx.pipeline().unsubscribe(this);
        discardQueue();
        Principal p = principal;
        ctx.metrics().sessionClosed(p == null ? null : p.role(), closeCode);
        log.info("ws close ip={} who={} code={} reason=\"{}\"", remoteIp, p == null ? "-" : p.name(), closeCode,
                closeReason);
    }
}
