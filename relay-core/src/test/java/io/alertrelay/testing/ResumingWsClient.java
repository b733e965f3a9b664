package io.alertrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A subscriber that behaves as protocol.md asks a client to: it keeps the epoch and the last seq it saw, and whenever
 * its connection ends (a close code, a cut socket) it connects again and resumes with {@code since}. It records
 * what a test needs to prove nothing was lost: every seq in the order received, each reset snapshot, each close.
 */
public final class ResumingWsClient implements AutoCloseable {

    /** How one connection ended, and when. */
    public record Ended(WsTestClient.Close close, Instant at) {}

    private final Supplier<WsTestClient> connect;
    private final String name;
    private final Thread loop;
    private final List<Long> seqs = new ArrayList<>();
    private final List<Ended> ended = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile boolean stopped;
    private volatile WsTestClient current;
    private int connections;
    private int resets;
    private String epoch;
    private long lastSeq = -1;

    private ResumingWsClient(String name, Supplier<WsTestClient> connect) {
        this.name = name;
        this.connect = connect;
        this.loop = new Thread(this::run, "resuming-client-" + name);
        loop.setDaemon(true);
    }

    /** @param connect opens a connection signed in with a bearer header (its welcome not yet read) */
    public static ResumingWsClient start(String name, Supplier<WsTestClient> connect) {
        ResumingWsClient c = new ResumingWsClient(name, connect);
        c.loop.start();
        return c;
    }

    private void run() {
        int failures = 0;
        while (!stopped) {
            WsTestClient c;
            try {
                c = connect.get();
            } catch (RuntimeException e) {
                // a connect refused while nginx or a relay moves: try again, but never spin for ever
                if (++failures > 200) {
                    problem("could not reconnect 200 times in a row: " + e);
                    return;
                }
                continue;
            }
            failures = 0;
            current = c;
            synchronized (this) {
                connections++;
            }
            try {
                serve(c);
            } catch (RuntimeException | AssertionError e) {
                if (!stopped) problem("connection failed: " + e);
            } finally {
                c.close();
            }
        }
    }

    private void serve(WsTestClient c) {
        JsonNode welcome = c.next("welcome");
        String since;
        synchronized (this) {
            since = epoch == null ? null : epoch;
            if (epoch == null) epoch = welcome.path("epoch").asText();
        }
        c.send(since == null ? Frames.subscribe() : Frames.resume(since, lastSeq()));
        while (!stopped) {
            JsonNode f = c.poll(Duration.ofMillis(100));
            if (f == null) {
                if (c.closed.isDone() && c.pending().isEmpty()) {
                    synchronized (this) {
                        ended.add(new Ended(c.closed.join(), Instant.now()));
                    }
                    return;
                }
                continue;
            }
            take(f);
        }
    }

    private synchronized void take(JsonNode f) {
        String type = f.path("type").asText();
        if (type.equals("snapshot")) {
            if (f.path("reset").asBoolean()) resets++;
            lastSeq = f.path("seq").asLong();
        } else if (type.equals("alert") || type.equals("silence")) {
            long seq = f.path("seq").asLong();
            if (lastSeq >= 0 && seq != lastSeq + 1) problems.add(name + ": seq " + seq + " after " + lastSeq);
            lastSeq = seq;
            seqs.add(seq);
        }
    }

    private synchronized void problem(String p) {
        problems.add(name + ": " + p);
    }

    public synchronized long lastSeq() { return lastSeq; }

    public synchronized List<Long> seqs() { return List.copyOf(seqs); }

    /** Connections opened so far, the first included. */
    public synchronized int connections() { return connections; }

    /** Snapshots with {@code reset: true}: each one means the client could not resume by replay. */
    public synchronized int resets() { return resets; }

    public synchronized List<Ended> ended() { return List.copyOf(ended); }

    /** Gaps, reorders and failures; empty when every change arrived once and in order. */
    public synchronized List<String> problems() { return List.copyOf(problems); }

    public boolean connected() {
        WsTestClient c = current;
        return c != null && !c.closed.isDone();
    }

    @Override
    public void close() {
        stopped = true;
        WsTestClient c = current;
        if (c != null) c.close();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
