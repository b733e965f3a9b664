package io.alertrelay.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Well-behaved traffic beside the bad input: a steady, bounded stream of alerts pushed over HTTP
 * ({@code POST /api/v2/alerts}, one new alert per push) and subscribed clients that receive them.
 * {@link #proveNothingLost()} ends every hardening test: each bystander got every change, by {@code seq},
 * with no gap and no reorder, every push was answered 2xx, and every one of them is in {@code GET /api/alerts}.
 */
final class Bystanders implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final TestRelay relay;
    private final String run = "r" + RUNS.incrementAndGet();
    private final List<WsTestClient> clients = new ArrayList<>();
    private final ScheduledExecutorService pusher;
    private final int maxAlerts;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Integer> accepted = ConcurrentHashMap.newKeySet();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final long startedNanos = System.nanoTime();

    private Bystanders(TestRelay relay, int clientCount, int perSecond, int maxAlerts) {
        this.relay = relay;
        this.maxAlerts = maxAlerts;
        for (int i = 0; i < clientCount; i++) clients.add(relay.subscribed(TestRelay.VIEWER));
        this.pusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bystander-pusher-" + run));
        pusher.scheduleAtFixedRate(this::pushOne, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    /** Subscribes {@code clients} viewers and pushes up to {@code maxAlerts} alerts at {@code perSecond}. */
    static Bystanders start(TestRelay relay, int clients, int perSecond, int maxAlerts) {
        return new Bystanders(relay, clients, perSecond, maxAlerts);
    }

    /** Two viewers, 40 alerts per second, at most 4,000 alerts (100 s): the default load. */
    static Bystanders start(TestRelay relay) {
        return start(relay, 2, 40, 4_000);
    }

    private void pushOne() {
        int n = next.getAndIncrement();
        if (n >= maxAlerts) {
            pusher.shutdown();
            return;
        }
        try {
            HttpResponse<String> r = relay.http(
                    "POST",
                    "/api/v2/alerts",
                    TestRelay.INGEST,
                    Frames.alert("Bystander", "run", run, "n", Integer.toString(n)));
            if (r.statusCode() / 100 == 2) accepted.add(n);
            else refused.add("push " + n + " answered " + r.statusCode() + ": " + r.body());
        } catch (AssertionError e) {
            String what = "push " + n + " failed: " + e.getMessage();
            refused.add(what + " (threads and relay counters: " + FailureEvidence.write(relay, what) + ")");
        }
    }

    /** Waits until every bystander has received {@code more} further alerts of this run: the relay is serving now. */
    void awaitMoreDelivered(int more) {
        int target = accepted.size() + more;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (WsTestClient c : clients)
                assertThat(received(c).size()).as("alerts a bystander received").isGreaterThanOrEqualTo(target);
        });
    }

    /** Stops pushing, then proves every bystander got every change in order and every accepted alert is stored. */
    void proveNothingLost() {
        pusher.shutdown();
        try {
            assertThat(pusher.awaitTermination(30, TimeUnit.SECONDS))
                    .as("pusher stopped")
                    .isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(refused).as("bystander pushes the relay did not take").isEmpty();
        assertThat(accepted).as("bystander pushes").isNotEmpty();
        long latest = relay.relay.pipeline().latestSeq();
        long deliveries = 0;
        for (WsTestClient c : clients) {
            await().atMost(Duration.ofSeconds(30)).until(() -> lastSeq(c) >= latest);
            assertThat(c.closed)
                    .as("a bystander was closed: %s", c.closed.getNow(null))
                    .isNotDone();
            deliveries += assertGapFree(c);
            assertThat(received(c))
                    .as("alerts of run %s a bystander received", run)
                    .containsAll(accepted);
        }
        String filter = URLEncoder.encode("run=" + run, StandardCharsets.UTF_8);
        HttpResponse<String> list = relay.http("GET", "/api/alerts?filter=" + filter, TestRelay.VIEWER, null);
        assertThat(list.statusCode()).isEqualTo(200);
        Set<Integer> stored = new TreeSet<>();
        try {
            for (JsonNode a : JSON.readTree(list.body()))
                stored.add(a.path("labels").path("n").asInt());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(stored).as("accepted alerts in GET /api/alerts").containsAll(accepted);
        BadInputTally.load(
                Math.min(next.get(), maxAlerts),
                accepted.size(),
                clients.size(),
                deliveries,
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** Checks seqs from the snapshot on are consecutive; returns how many changes the client received. */
    private static long assertGapFree(WsTestClient c) {
        long expected = -1;
        long count = 0;
        for (JsonNode f : c.received()) {
            String type = f.path("type").asText();
            if (type.equals("snapshot")) {
                expected = f.path("seq").asLong() + 1;
            } else if (type.equals("alert") || type.equals("silence")) {
                assertThat(f.path("seq").asLong())
                        .as("seq after %d (a gap or a reorder)", expected - 1)
                        .isEqualTo(expected);
                expected++;
                count++;
            }
        }
        return count;
    }

    private static long lastSeq(WsTestClient c) {
        List<JsonNode> all = c.received();
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonNode f = all.get(i);
            if (f.has("seq") && !f.path("type").asText().equals("welcome"))
                return f.path("seq").asLong();
        }
        return -1;
    }

    private Set<Integer> received(WsTestClient c) {
        Set<Integer> ns = new TreeSet<>();
        for (JsonNode f : c.received()) {
            JsonNode labels = f.path("alert").path("labels");
            if (f.path("type").asText().equals("alert")
                    && labels.path("run").asText().equals(run)) {
                ns.add(labels.path("n").asInt());
            }
        }
        return ns;
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        clients.forEach(WsTestClient::close);
    }
}
