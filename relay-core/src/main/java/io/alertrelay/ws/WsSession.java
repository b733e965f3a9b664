package io.alertrelay.ws;

import io.alertrelay.alert.AlertFilter;
import io.alertrelay.auth.Principal;
import io.alertrelay.hub.Subscriber;
import io.alertrelay.logging.LogText;
import io.alertrelay.wire.CloseCodes;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One WebSocket connection: who it is, what it subscribed to, and its bounded send queue.
 *
 * <p>Sending: frames go into a lock-free queue whose size in bytes is counted (frames in flight included).
 * Whoever delivers a frame only enqueues it and, if the session was idle, hands the session to its I/O
 * thread's {@link WriteScheduler}; it never writes and never waits. On the I/O thread the session writes
 * everything queued as one batch: the frames go to Undertow with explicit flushing on, then one flush
 * gathers them into a single socket write. The next batch starts when the last frame of this one is on the
 * wire, so at most one batch is in Undertow's hands and the byte count stays the whole story. A frame that
 * would take the queue over {@code limits.sendQueueBytes} closes the session with 1013 instead: the client
 * resumes with {@code since} and loses nothing.
 *
 * <p>The frames handed in are shared with every other session (encoded once): they are read through a
 * duplicate made here, on the I/O thread, never modified.
 */
final class WsSession implements Subscriber {

    private static final Logger log = LoggerFactory.getLogger(WsSession.class);
    private static final VarHandle QUEUED_BYTES;
    private static final VarHandle SCHEDULED;
    private static final VarHandle CLOSING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            QUEUED_BYTES = l.findVarHandle(WsSession.class, "queuedBytes", long.class);
            SCHEDULED = l.findVarHandle(WsSession.class, "scheduled", int.class);
            CLOSING = l.findVarHandle(WsSession.class, "closing", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * How long a closing session may take to flush its close frame before the socket is cut. Generous, so a
     * client that was only busy for a while (a background tab) still reads its 1013 and knows to resume.
     */
    private static final long CLOSE_GRACE_MS = 30_000;
    /** Frames per gathering write: three buffers each (header, payload, footer) stay under IOV_MAX (1024). */
    static final int MAX_BATCH = 128;

    final WebSocketChannel channel;
    final String remoteIp;
    /** What this connection may send (frames per second, message size), and whether a message is half received. */
    final FrameBudget frames;

    private final WsContext ctx;
    private final long sendQueueLimit;
    private final WriteScheduler scheduler;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    // plain volatile fields updated through VarHandles rather than Atomic* objects: three objects fewer for
    // each of tens of thousands of idle sessions
    private volatile long queuedBytes;
    /** 1 while the session sits in its scheduler's ready queue. */
    private volatile int scheduled;

    private volatile int closing;
    private final WebSocketCallback<Void> batchDone = new BatchDone();
    // touched on the I/O thread only
    private boolean writing;
    private boolean inWriteLoop;
    /** Set by close(): the frames already queued go out before the close frame (see close). */
    private volatile boolean flushOnClose;

    private long batchBytes;
    private int batchFrames;
    private volatile Principal principal;
    private volatile AlertFilter filter = AlertFilter.ALL;
    private volatile long lastSeenNanos = System.nanoTime();
    /** For the close line's duration. */
    private final long openedNanos = System.nanoTime();

    private volatile int closeCode = CloseCodes.ABNORMAL;
    private volatile String closeReason = "connection lost";

    WsSession(WebSocketChannel channel, String remoteIp, WsContext ctx, FrameBudget frames) {
        this.channel = channel;
        this.remoteIp = remoteIp;
        this.ctx = ctx;
        this.frames = frames;
        this.sendQueueLimit = ctx.limits().sendQueueBytes();
        this.scheduler = ctx.writers().of(channel.getIoThread());
    }

    Principal principal() {
        return principal;
    }

    void authenticated(Principal p) {
        this.principal = p;
    }

    void filter(AlertFilter f) {
        this.filter = f;
    }

    @Override
    public AlertFilter filter() {
        return filter;
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    boolean isClosing() {
        return closing == 1 || !channel.isOpen();
    }

    int closeCode() {
        return closeCode;
    }

    String closeReason() {
        return closeReason;
    }

    /** The peer closed first: remember its code for the metrics and the log. */
    void peerClosed(int code, String reason) {
        if ((int) CLOSING.getAndSet(this, 1) == 0) {
            closeCode = code;
            closeReason = reason == null || reason.isEmpty() ? "closed by client" : reason;
        }
    }

    void send(byte[] frame) {
        deliver(ByteBuffer.wrap(frame));
    }

    @Override
    public void deliver(ByteBuffer frame) {
        if (closing == 1) return;
        int n = frame.remaining();
        long before = (long) QUEUED_BYTES.getAndAdd(this, (long) n);
        // a frame into an empty queue always goes: a snapshot of a big wall may be larger than the whole limit,
        // and closing for it would close the same client again at every reconnect
        if (before > 0 && before + n > sendQueueLimit) {
            QUEUED_BYTES.getAndAdd(this, -(long) n);
            slowConsumer();
            return;
        }
        queue.add(frame);
        if (Thread.currentThread() == channel.getIoThread() && !writing && queuedBytes > sendQueueLimit / 4) {
            // the session's own thread queueing a long replay (it holds the pipeline's lock until the replay is
            // queued, so a scheduled write could not run before the queue overflows): write now, a frame at a
            // time, so the replay flows into the socket while it is queued
            writeLoop(1);
        } else if (SCHEDULED.compareAndSet(this, 0, 1)) {
            // everyone else, and short replays (a reconnect storm: thousands of them at once): one batch later
            scheduler.schedule(this);
        }
    }

    /** Run by the scheduler on this session's I/O thread. */
    void writeScheduled() {
        scheduled = 0;
        writeLoop(MAX_BATCH);
    }

    private void writeLoop(int maxBatch) {
        // A batch that completes synchronously inside flush() calls back into here on the same thread: the
        // loop below starts the next batch, so the stack never grows with the queue.
        if (inWriteLoop) return;
        inWriteLoop = true;
        try {
            while (!writing && !queue.isEmpty()) {
                if (closing == 1 || !channel.isOpen()) {
                    if (!flushOnClose || !channel.isOpen()) discardQueue(); // else close() sends them
                    return;
                }
                writeBatch(maxBatch);
            }
        } finally {
            inWriteLoop = false;
        }
    }

    /**
     * Hands up to {@code maxBatch} queued frames to Undertow. With more than one, explicit flushing is on
     * while they are queued, and one flush writes them all; a single frame is written at once, as plain
     * Undertow does (the replay path relies on that: its thread is busy until the replay is queued).
     */
    private void writeBatch(int maxBatch) {
        ByteBuffer next = queue.poll();
        if (next == null) return;
        // set before the first send: the last frame's completion may run inside sendText or flush
        writing = true;
        batchBytes = 0;
        batchFrames = 0;
        // a lone frame is written at once, as plain Undertow does; explicit flushing pays off from two frames up
        boolean gather = maxBatch > 1 && queue.peek() != null;
        if (gather) channel.setRequireExplicitFlush(true);
        try {
            while (next != null) {
                ByteBuffer frame = next;
                batchBytes += frame.remaining();
                batchFrames++;
                next = batchFrames < maxBatch ? queue.poll() : null;
                // the callback on the last frame only: frames complete in order
                WebSockets.sendText(frame.duplicate(), channel, next == null ? batchDone : null);
            }
        } finally {
            if (gather) {
                channel.setRequireExplicitFlush(false);
                channel.flush();
            }
        }
    }

    /** Completion of a batch's last frame: the whole batch is written (or the connection broke). */
    private final class BatchDone implements WebSocketCallback<Void> {
        @Override
        public void complete(WebSocketChannel ch, Void context) {
            long bytes = batchBytes;
            int frames = batchFrames;
            sent(bytes);
            // frame and byte counters as if counted one frame at a time: all but one frame add 0 bytes
            for (int i = 1; i < frames; i++) ctx.metrics().frameSent(0);
            ctx.metrics().frameSent((int) bytes);
            writing = false;
            writeLoop(MAX_BATCH);
        }

        @Override
        public void onError(WebSocketChannel ch, Void context, Throwable t) {
            sent(batchBytes);
            writing = false;
            IoUtils.safeClose(ch);
        }
    }

    private void sent(long n) {
        QUEUED_BYTES.getAndAdd(this, -(long) n);
    }

    /** Bytes queued or in flight on this session. */
    long queuedBytes() {
        return queuedBytes;
    }

    @Override
    public void historyReplaced() {
        close(
                CloseCodes.TRY_AGAIN_LATER,
                "the cluster's shared history was replaced: reconnect and subscribe with"
                        + " since; you will get a snapshot with reset");
    }

    @Override
    public void filterOverBudget(String reason) {
        close(CloseCodes.POLICY, reason);
    }

    private void slowConsumer() {
        if (closing == 1) return;
        ctx.metrics().slowConsumerClosed();
        close(
                CloseCodes.TRY_AGAIN_LATER,
                "send queue over " + sendQueueLimit
                        + " bytes: you are not reading fast enough; reconnect and subscribe with since to resume");
    }

    /**
     * Stops queueing and sends a close frame; cuts the socket if it cannot flush. What is already queued goes out
     * first (the {@code error} frames before a 4400, the last changes before a 1001), except for a slow consumer
     * (1013: its queue is what it could not take; it resumes instead) and a revoked or refused token (4401: it
     * may no longer read).
     */
    void close(int code, String reason) {
        boolean flush = code != CloseCodes.TRY_AGAIN_LATER && code != CloseCodes.UNAUTHORIZED;
        if (flush) flushOnClose = true;
        if ((int) CLOSING.getAndSet(this, 1) == 1) return;
        closeCode = code;
        closeReason = reason;
        ctx.pipeline().unsubscribe(this);
        if (!flush) discardQueue();
        // the close frame is written on the I/O thread: close() may be called under the pipeline's lock
        channel.getIoThread().execute(() -> {
            ByteBuffer b;
            while (flush && channel.isOpen() && (b = queue.poll()) != null) {
                WebSockets.sendText(b.duplicate(), channel, null); // in order, ahead of the close frame
                sent(b.remaining());
            }
            WebSockets.sendClose(code, closeFrameReason(reason), channel, null);
            channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        });
    }

    /** A close frame's payload is at most 125 bytes, two of them the code: cut the reason to 123 UTF-8 bytes. */
    static String closeFrameReason(String reason) {
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        if (b.length <= 123) return reason;
        int end = 123;
        while (end > 0 && (b[end] & 0xC0) == 0x80) end--; // do not split a multi-byte character
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Drops the socket without a close frame: the peer is gone (missed heartbeats). */
    void abort(String reason) {
        if ((int) CLOSING.getAndSet(this, 1) == 1) return;
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
        if (closing == 0 && channel.isCloseFrameSent() && channel.getCloseCode() > 0) {
            // Undertow closed it itself (1007 for a text frame that is not UTF-8, 1002 for a broken frame):
            // record the code the client was sent, not a lost connection
            closeCode = channel.getCloseCode();
            closeReason = channel.getCloseReason() == null ? "closed by the WebSocket layer" : channel.getCloseReason();
        }
        closing = 1;
        ctx.pipeline().unsubscribe(this);
        discardQueue();
        Principal p = principal;
        ctx.metrics().sessionClosed(p == null ? null : p.role(), closeCode);
        // the token's name and role, never the token; the reason is ours or the client's close reason, so it is
        // quoted and escaped (LogText), as is a name a JWT may have chosen
        log.info(
                "ws close ip={} who={} role={} code={} reason={} duration={}",
                remoteIp,
                p == null ? "-" : LogText.value(p.name()),
                p == null ? "-" : p.role().wireName(),
                closeCode,
                LogText.quote(closeReason),
                seconds(System.nanoTime() - openedNanos));
    }

    /** "12.345s": a duration as a log line shows it. */
    static String seconds(long nanos) {
        long ms = nanos / 1_000_000;
        return ms / 1000 + "." + String.format("%03d", ms % 1000) + "s";
    }
}
