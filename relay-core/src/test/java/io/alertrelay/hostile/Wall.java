package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Frames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A bystander wall: a real WebSocket (the JDK's) subscribed to everything, resuming by {@code seq} when its
 * connection ends, as the alert wall does. It notes when each bystander alert of its run first arrived (snapshot,
 * replay or live) and every gap, reorder, reset and close, with the time it happened, so each attack can be told
 * what its bystanders suffered.
 */
final class Wall implements AutoCloseable {

    /** Something a wall should never see, at {@code atNanos} (System.nanoTime). */
    record Problem(long atNanos, String what) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final String run;
    private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();
    private final List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> firstSnapshot = new CompletableFuture<>();
    private final ScheduledExecutorService reconnects;
    private volatile String epoch;
    private volatile String welcomeEpoch;
    private volatile long lastSeq = -1;
    private volatile boolean resuming;
    private volatile boolean closing;
    private volatile WebSocket socket;

    private Wall(String name, HttpClient http, URI uri, String token, String run) {
        this.name = name;
        this.http = http;
        this.uri = uri;
        this.token = token;
        this.run = run;
        this.reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wall-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects, subscribes to everything and waits (at most 20 s) for the first snapshot. */
    static Wall open(String name, HttpClient http, URI uri, String token, String run) {
        Wall w = new Wall(name, http, uri, token, run);
        w.connect();
        try {
            w.firstSnapshot.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            w.close();
            throw new IllegalStateException(
                    "wall " + name + " got no snapshot within 20 s: " + w.problems(0, Long.MAX_VALUE), e);
        }
        return w;
    }

    String name() {
        return name;
    }

    /** When alert {@code n} of the run first reached this wall (System.nanoTime), or null. */
    Long arrival(int n) {
        return arrivals.get(n);
    }

    /** Problems noted in [from, to] (System.nanoTime). */
    List<String> problems(long from, long to) {
        synchronized (problems) {
            return problems.stream()
                    .filter(p -> p.atNanos() >= from && p.atNanos() <= to)
                    .map(p -> name + ": " + p.what())
                    .toList();
        }
    }

    private void connect() {
        if (closing) return;
        http.newWebSocketBuilder()
                .subprotocols("alert-relay.v1")
                .connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        problem("could not reconnect: " + error.getClass().getSimpleName());
                        retry();
                    }
                });
    }

    private void retry() {
        if (!closing) reconnects.schedule(this::connect, 200, TimeUnit.MILLISECONDS);
    }

    private void problem(String what) {
        if (!closing) problems.add(new Problem(System.nanoTime(), what));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            socket = ws;
            resuming = epoch != null;
            ws.sendText(resuming ? Frames.resume(epoch, lastSeq) : Frames.subscribe(), true);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                try {
                    frame(JSON.readTree(partial.toString()), now);
                } catch (Exception e) {
                    problem("unreadable frame: " + e.getMessage());
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            problem("closed by the relay: " + code + " " + reason);
            retry();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            problem("connection lost: " + error.getClass().getSimpleName());
            retry();
        }
    }

    private void frame(JsonNode f, long now) {
        switch (f.path("type").asText()) {
            case "welcome" -> welcomeEpoch = f.path("epoch").asText();
            case "snapshot" -> {
                if (resuming && f.path("reset").asBoolean()) problem("a reset snapshot after resuming");
                for (JsonNode a : f.path("alerts")) arrived(a, now);
                lastSeq = f.path("seq").asLong();
                epoch = welcomeEpoch;
                resuming = false;
                firstSnapshot.complete(null);
            }
            case "alert", "silence" -> {
                long seq = f.path("seq").asLong();
                if (seq != lastSeq + 1) {
                    problem("seq " + seq + " after " + lastSeq + (seq <= lastSeq ? " (reorder)" : " (gap)"));
                }
                lastSeq = Math.max(lastSeq, seq);
                if (epoch == null) epoch = welcomeEpoch;
                if (f.path("type").asText().equals("alert")) arrived(f.path("alert"), now);
            }
            case "error" -> problem("error frame: " + f);
            default -> {}
        }
    }

    private void arrived(JsonNode alert, long now) {
        JsonNode labels = alert.path("labels");
        if (labels.path("run").asText().equals(run))
            arrivals.putIfAbsent(labels.path("n").asInt(), now);
    }

    @Override
    public void close() {
        closing = true;
        reconnects.shutdownNow();
        WebSocket ws = socket;
        if (ws != null) ws.abort();
    }
}
