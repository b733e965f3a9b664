package io.alertrelay.loadtest.client;

import io.alertrelay.loadtest.clock.WallClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Thousands of WebSocket clients on one thread and one selector: a hand-rolled NIO client because the JDK's
 * {@code java.net.http} WebSocket costs tens of kilobytes and several objects per message per connection,
 * and the harness must leave the machine's two cores to the server it measures. One shared read buffer
 * serves every connection; a connection keeps bytes only for a frame that arrived in part.
 *
 * <p>All state is owned by the loop thread; other threads talk to it through {@link #call}, which runs a
 * task on the loop and completes a future with its result.
 */
public final class ClientLoop implements Inbound.Replies, AutoCloseable {

    private static final long HANDSHAKE_TIMEOUT_NANOS = 20_000_000_000L;

    private final InetSocketAddress server;
    private final String path;
    private final String token;
    private final List<InetAddress> sources;
    private final Selector selector;
    private final ClientStats stats = new ClientStats();
    private final Inbound inbound = new Inbound(stats, this);
    private final List<WsConnection> connections = new ArrayList<>();
    private final ArrayDeque<WsConnection> toOpen = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private final ByteBuffer upgradeTemplate;
    private byte[] buf = new byte[256 * 1024];
    private volatile boolean running = true;
    private double opensPerSecond = Double.POSITIVE_INFINITY;
    private double openBudget;
    private long lastBudgetNanos = System.nanoTime();
    private int maxInFlight = Integer.MAX_VALUE;
    private int receiveBufferBytes;
    private int inFlight;
    private ConnectBatch batch;
    private int behind;
    private long allCaughtUpNanos;
    private long lastTimeoutCheck;

    public ClientLoop(InetSocketAddress server, String path, String token, List<InetAddress> sources)
            throws IOException {
        this.server = server;
        this.path = path;
        this.token = token;
        this.sources = List.copyOf(sources);
        this.selector = Selector.open();
        this.upgradeTemplate = ClientFrames.upgrade(server.getHostString() + ":" + server.getPort(), path, token);
        this.thread = new Thread(this::run, "client-loop");
        thread.start();
    }

    /** Runs {@code task} on the loop thread. */
    public <T> CompletableFuture<T> call(Supplier<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                f.complete(task.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        selector.wakeup();
        return f;
    }

    /**
     * Opens {@code count} more clients at up to {@code perSecond}, at most {@code inFlight} handshakes at a
     * time, with SO_RCVBUF {@code receiveBuffer} (0: the kernel's default); completes when every one of them
     * is subscribed or has failed.
     */
    public CompletableFuture<ConnectBatch> connect(int count, double perSecond, int inFlight, int receiveBuffer) {
        CompletableFuture<ConnectBatch> done = new CompletableFuture<>();
        tasks.add(() -> {
            opensPerSecond = perSecond;
            maxInFlight = inFlight;
            receiveBufferBytes = receiveBuffer;
            batch = new ConnectBatch(count, WallClock.epochNanos(), done);
            for (int i = 0; i < count; i++) {
                int index = connections.size();
                WsConnection c = new WsConnection(index, index % sources.size());
                connections.add(c);
                toOpen.add(c);
            }
            if (count == 0) batch.finish();
        });
        selector.wakeup();
        return done;
    }

    /** Stops reading on the first {@code fraction} of the clients: they become slow consumers. */
    public CompletableFuture<Integer> pause(double fraction) {
        return call(() -> {
            int n = (int) Math.ceil(connections.size() * fraction);
            for (int i = 0; i < n; i++) {
                WsConnection c = connections.get(i);
                c.paused = true;
                if (c.key != null && c.key.isValid()) c.key.interestOps(0);
            }
            return n;
        });
    }

    /** Cuts every connection at once (TCP reset, no close frame), as a network failure would. */
    public CompletableFuture<Integer> drop() {
        return call(() -> {
            int n = 0;
            for (WsConnection c : connections) {
                if (c.state == WsConnection.State.CLOSED || c.channel == null) continue;
                try {
                    c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                } catch (IOException ignored) {
                    // already gone
                }
                discard(c);
                n++;
            }
            return n;
        });
    }

    /** Reconnects every non-paused client at once with {@code since}; they are caught up at {@code target}. */
    public CompletableFuture<Integer> reconnect(long target) {
        return call(() -> {
            opensPerSecond = Double.POSITIVE_INFINITY;
            maxInFlight = Integer.MAX_VALUE;
            inbound.targetSeq = target;
            behind = 0;
            allCaughtUpNanos = 0;
            for (WsConnection c : connections) {
                if (c.paused || c.state != WsConnection.State.CLOSED) continue;
                c.resuming = true;
                c.behind = c.lastSeq < target;
                if (c.behind) behind++;
                toOpen.add(c);
            }
            return toOpen.size();
        });
    }

    /** A copy of what was observed; {@code reset} starts a new latency interval. */
    public CompletableFuture<WorkerSnapshot> snapshot(long targetSeq, boolean reset) {
        return call(() -> WorkerSnapshot.of(stats, connections, targetSeq, behind, allCaughtUpNanos, reset));
    }

    private void run() {
        try {
            while (running) {
                Runnable t;
                while ((t = tasks.poll()) != null) t.run();
                openDue();
                selector.select(toOpen.isEmpty() ? 100 : 5);
                for (SelectionKey key : selector.selectedKeys()) handle(key);
                selector.selectedKeys().clear();
                checkTimeouts();
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("client loop failed: " + e);
            e.printStackTrace();
        } finally {
            for (WsConnection c : connections) discard(c);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void openDue() {
        if (toOpen.isEmpty()) return;
        long now = System.nanoTime();
        openBudget =
                Math.min(openBudget + (now - lastBudgetNanos) / 1e9 * opensPerSecond, Math.max(1, opensPerSecond / 10));
        lastBudgetNanos = now;
        while (!toOpen.isEmpty() && openBudget >= 1 && inFlight < maxInFlight) {
            openBudget--;
            open(toOpen.poll());
        }
    }

    private void open(WsConnection c) {
        c.abandoned = false;
        c.rest = null;
        c.pendingOut = null;
        c.connectStartNanos = System.nanoTime();
        inFlight++;
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (receiveBufferBytes > 0) ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            ch.bind(new InetSocketAddress(sources.get(c.sourceIndex), 0));
            c.state = WsConnection.State.CONNECTING;
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            if (ch.connect(server)) connected(c);
        } catch (IOException e) {
            failed(c, "connect: " + e.getMessage());
        }
    }

    private void handle(SelectionKey key) {
        WsConnection c = (WsConnection) key.attachment();
        try {
            if (!key.isValid()) return;
            if (key.isConnectable()) {
                if (c.channel.finishConnect()) connected(c);
                return;
            }
            if (key.isWritable()) c.flush();
            if (key.isValid() && key.isReadable()) read(c);
        } catch (IOException e) {
            if (c.state == WsConnection.State.LIVE) lost(c, 1006);
            else failed(c, "io: " + e.getMessage());
        }
    }

    private void connected(WsConnection c) throws IOException {
        c.state = WsConnection.State.UPGRADING;
        c.key.interestOps(SelectionKey.OP_READ);
        c.send(upgradeTemplate.duplicate());
    }

    private void read(WsConnection c) throws IOException {
        int have = 0;
        if (c.rest != null) {
            ensure(c.rest.length + 64 * 1024);
            System.arraycopy(c.rest, 0, buf, 0, c.rest.length);
            have = c.rest.length;
            c.rest = null;
        }
        while (true) {
            ByteBuffer bb = ByteBuffer.wrap(buf, have, buf.length - have);
            int n = c.channel.read(bb);
            if (n > 0) have += n;
            int used = inbound.process(c, buf, 0, have);
            if (c.state == WsConnection.State.CLOSED) return;
            int left = have - used;
            if (left > 0) System.arraycopy(buf, used, buf, 0, left);
            have = left;
            if (n < 0) {
                if (c.state == WsConnection.State.LIVE) lost(c, 1006);
                else failed(c, "closed by server before subscribed");
                return;
            }
            boolean full = n > 0 && bb.remaining() == 0;
            if (!full) break;
            if (inbound.needed > buf.length || have > buf.length / 2) ensure(Math.max(inbound.needed, have * 2) + 1024);
        }
        if (have > 0) c.rest = Arrays.copyOf(buf, have);
    }

    private void ensure(int size) {
        if (buf.length < size) buf = Arrays.copyOf(buf, Math.max(size, buf.length * 2));
    }

    @Override
    public void subscribe(WsConnection c) {
        try {
            String epoch = c.resuming && c.lastSeq >= 0 ? inbound.epoch : null;
            c.send(ClientFrames.subscribe(epoch, c.lastSeq));
            if (epoch != null) {
                // a resume that replays sends no snapshot: the client is live as soon as it asked
                c.state = WsConnection.State.LIVE;
                live(c);
                if (c.lastSeq >= inbound.targetSeq) caughtUp(c);
            }
        } catch (IOException e) {
            failed(c, "subscribe: " + e.getMessage());
        }
    }

    @Override
    public void pong(WsConnection c, byte[] a, int from, int len) {
        try {
            c.send(ClientFrames.frame(ClientFrames.OP_PONG, a, from, len));
        } catch (IOException e) {
            lost(c, 1006);
        }
    }

    @Override
    public void serverClosed(WsConnection c, int code) {
        try {
            c.send(ClientFrames.close(code == 1005 ? 1000 : code));
        } catch (IOException ignored) {
            // the server may have closed the socket already
        }
        lost(c, code);
    }

    @Override
    public void failed(WsConnection c, String why) {
        stats.failed(why);
        boolean wasResuming = c.resuming;
        discard(c);
        c.abandoned = true;
        if (c.behind) caughtUp(c); // it will not catch up: do not hold the storm's clock for it
        if (batch != null && !wasResuming) batch.failed();
    }

    @Override
    public void live(WsConnection c) {
        inFlight--;
        if (batch != null && !c.resuming) batch.live(System.nanoTime() - c.connectStartNanos);
    }

    @Override
    public void caughtUp(WsConnection c) {
        if (!c.behind) return;
        c.behind = false;
        if (--behind == 0) allCaughtUpNanos = WallClock.epochNanos();
    }

    /** A live connection ended: a slow consumer closed with 1013 resumes at once, as a real client would. */
    private void lost(WsConnection c, int code) {
        stats.closed(code);
        c.lastCloseCode = code;
        discard(c);
        if (code == 1013 && running && !c.paused) {
            c.resuming = true;
            toOpen.add(c);
        }
    }

    private void discard(WsConnection c) {
        if (c.state != WsConnection.State.LIVE
                && c.state != WsConnection.State.CLOSED
                && c.state != WsConnection.State.IDLE) {
            inFlight--;
        }
        c.state = WsConnection.State.CLOSED;
        c.rest = null;
        c.pendingOut = null;
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        if (now - lastTimeoutCheck < 1_000_000_000L) return;
        lastTimeoutCheck = now;
        for (WsConnection c : connections) {
            boolean pending = c.state == WsConnection.State.CONNECTING
                    || c.state == WsConnection.State.UPGRADING
                    || c.state == WsConnection.State.OPEN
                    || c.state == WsConnection.State.WELCOMED;
            if (pending && now - c.connectStartNanos > HANDSHAKE_TIMEOUT_NANOS) failed(c, "timeout");
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
