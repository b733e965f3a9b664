package io.alertrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that behaves as the alert wall does (protocol.md, "Ordering and resume"): it keeps the last epoch and
 * seq it saw, reconnects when its connection ends, and resumes with {@code since}. It counts everything a test of
 * "nothing lost, no reset" needs: gaps, repeats, snapshots after a resume, resets, reconnects.
 */
public final class ResumingWall implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final ScheduledExecutorService reconnects;
    private final Set<String> alertNames = ConcurrentHashMap.newKeySet();
    private final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
    private final List<Instant> endedAt = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger gaps = new AtomicInteger();
    private final AtomicInteger repeats = new AtomicInteger();
    private final AtomicInteger snapshotsAfterResume = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger failedConnects = new AtomicInteger();
    private volatile String epoch;
    private volatile String welcomeEpoch;
    private volatile long lastSeq = -1;
    private volatile boolean subscribed;
    private volatile boolean resuming;
    private volatile boolean closed;
    private volatile WebSocket socket;

    private ResumingWall(HttpClient http, URI uri, String token, ScheduledExecutorService reconnects) {
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.reconnects = reconnects;
    }

    /** Connects now and keeps reconnecting (every 200 ms while it cannot) until closed. */
    public static ResumingWall open(HttpClient http, URI uri, String token) {
        ResumingWall w = new ResumingWall(http, uri, token, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "resuming-wall");
            t.setDaemon(true);
            return t;
        }));
        w.connect();
        return w;
    }

    private void connect() {
        if (closed) return;
        http.newWebSocketBuilder()
                .subprotocols("alert-relay.v1")
                .connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        failedConnects.incrementAndGet();
                        retry();
                    }
                });
    }

    private void retry() {
        if (!closed) reconnects.schedule(this::connect, 200, TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            connections.incrementAndGet();
            resuming = epoch != null;
            String subscribe = epoch == null ? Frames.subscribe() : Frames.resume(epoch, lastSeq);
            ws.sendText(subscribe, true);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frame(MAPPER.readTree(partial.toString()));
                } catch (Exception e) {
                    gaps.incrementAndGet(); // an unreadable frame is a loss as far as the wall is concerned
                    problems.add("unreadable frame: " + e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            endedAt.add(Instant.now());
            retry();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            endedAt.add(Instant.now());
            retry();
        }
    }

    private void frame(JsonNode f) {
        switch (f.path("type").asText()) {
            case "welcome" -> welcomeEpoch = f.path("epoch").asText(); // kept once a snapshot or replay follows
            case "snapshot" -> {
                if (resuming) snapshotsAfterResume.incrementAndGet();
                if (f.path("reset").asBoolean()) resets.incrementAndGet();
                f.path("alerts")
                        .forEach(a -> alertNames.add(
                                a.path("labels").path("alertname").asText()));
                lastSeq = f.path("seq").asLong();
                epoch = welcomeEpoch;
                subscribed = true;
                resuming = false;
            }
            case "alert", "silence" -> {
                long seq = f.path("seq").asLong();
                if (seq <= lastSeq) {
                    repeats.incrementAndGet();
                    problems.add("seq " + seq + " again after " + lastSeq);
                } else if (seq != lastSeq + 1) {
                    gaps.incrementAndGet();
                    problems.add("seq " + seq + " after " + lastSeq);
                }
                seqs.add(seq);
                lastSeq = Math.max(lastSeq, seq);
                epoch = welcomeEpoch;
                subscribed = true;
                resuming = false;
                if (f.has("alert"))
                    alertNames.add(
                            f.path("alert").path("labels").path("alertname").asText());
            }
            default -> {} // pong, error: nothing to keep
        }
    }

    public boolean subscribed() {
        return subscribed;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public String epoch() {
        return epoch;
    }

    public Set<String> alertNames() {
        return Set.copyOf(alertNames);
    }

    public int gaps() {
        return gaps.get();
    }

    /** Every alert or silence seq received, in arrival order, across connections. */
    public List<Long> seqs() {
        synchronized (seqs) {
            return List.copyOf(seqs);
        }
    }

    /** When each connection ended (closed by either side, or failed). */
    public List<Instant> endedAt() {
        synchronized (endedAt) {
            return List.copyOf(endedAt);
        }
    }

    /** Gaps, repeats and unreadable frames, described; empty when every change arrived once and in order. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public int repeats() {
        return repeats.get();
    }

    public int snapshotsAfterResume() {
        return snapshotsAfterResume.get();
    }

    public int resets() {
        return resets.get();
    }

    /** Connections opened, the first included. */
    public int connections() {
        return connections.get();
    }

    public int failedConnects() {
        return failedConnects.get();
    }

    @Override
    public void close() {
        closed = true;
        reconnects.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) ws.abort();
    }
}
