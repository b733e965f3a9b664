package io.alertrelay.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times what a bystander on 127.0.0.1 sees during an attack, one round at a time: its push to
 * {@code POST /api/v2/alerts} answered, the same alert arriving on its subscribed wall, a {@code /metrics} scrape
 * answered. Keeps the worst of each and every failure (a refusal, a timeout: recorded as 5 s or more). The issue's
 * pass criterion is under 1 s for each; {@link #assertUnderOneSecond} checks it.
 */
final class BystanderProbe implements AutoCloseable {

    /** Each request gives up after this long; a relay that takes longer fails the 1 s criterion anyway. */
    static final Duration GIVE_UP = Duration.ofSeconds(5);

    private static final String BEARER = "Bearer " + TestRelay.INGEST;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(GIVE_UP).build();

    private final TestRelay relay;
    private final WsTestClient wall;
    private final String tag;
    private final List<String> failures = new ArrayList<>();
    private final List<String> accepted = new ArrayList<>();
    private long worstPush;
    private long worstDelivery;
    private long worstMetrics;
    private int rounds;
    private int pushes;
    private final List<Long> pushTimes = new ArrayList<>();

    BystanderProbe(TestRelay relay, String tag) {
        this.relay = relay;
        this.tag = tag;
        this.wall = relay.subscribed(TestRelay.VIEWER, "probe=" + tag);
    }

    /** One round first, not counted: the bystander was there before the attack (connections, JIT). */
    BystanderProbe warmedUp() {
        round();
        worstPush = worstDelivery = worstMetrics = 0;
        pushTimes.clear();
        rounds = 0;
        return this;
    }

    /** Rounds one after another for {@code period}. */
    void roundsFor(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        do {
            round();
        } while (System.nanoTime() < end);
    }

    /** One round: push, wait for the wall, scrape. */
    void round() {
        String name = "Probe" + pushes++;
        rounds++;
        long start = System.nanoTime();
        int pushed = send("POST", "/api/v2/alerts", Frames.alert(name, "probe", tag));
        long pushMs = millisSince(start);
        worstPush = Math.max(worstPush, pushMs);
        pushTimes.add(pushMs);
        if (pushed != 200) {
            failures.add(name + ": push answered " + pushed + " after " + pushMs + " ms");
        } else {
            accepted.add(name);
            long deliveryMs = awaitOnWall(name, start);
            worstDelivery = Math.max(worstDelivery, deliveryMs);
            if (deliveryMs >= GIVE_UP.toMillis()) failures.add(name + ": not on the wall within " + GIVE_UP);
        }
        long scrape = System.nanoTime();
        int metrics = send("GET", "/metrics", null);
        long metricsMs = millisSince(scrape);
        worstMetrics = Math.max(worstMetrics, metricsMs);
        if (metrics != 200) failures.add("/metrics answered " + metrics + " after " + metricsMs + " ms");
    }

    private long awaitOnWall(String name, long start) {
        long deadline = start + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode f = wall.poll(Duration.ofMillis(100));
            if (f != null
                    && f.path("alert").path("labels").path("alertname").asText().equals(name)) {
                return millisSince(start);
            }
        }
        return GIVE_UP.toMillis();
    }

    /** The status, or -1 when nothing answered within {@link #GIVE_UP}. */
    private int send(String method, String path, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(relay.base() + path)).timeout(GIVE_UP);
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Authorization", BEARER);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception timedOut) {
            return -1;
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The probe's alerts the relay accepted: each must be stored, whatever the attack did. */
    List<String> accepted() {
        return List.copyOf(accepted);
    }

    String summary() {
        return String.format(
                "%d rounds: worst push %d ms, worst delivery %d ms, worst /metrics %d ms%s (pushes %s)",
                rounds,
                worstPush,
                worstDelivery,
                worstMetrics,
                failures.isEmpty() ? "" : "; failures " + failures,
                pushTimes);
    }

    void assertUnderOneSecond() {
        System.out.println("bystander during the attack (" + tag + "): " + summary());
        if (!failures.isEmpty() || worstPush >= 1000 || worstDelivery >= 1000 || worstMetrics >= 1000) {
            throw new AssertionError("a bystander waited 1 s or more, or was refused: " + summary());
        }
    }

    @Override
    public void close() {
        wall.close();
    }
}
