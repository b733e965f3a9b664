package io.alertrelay.hostile;

import static org.awaitility.Awaitility.await;

import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Well-behaved users of a relay process, working all through the attacks: a sender pushing {@value #PER_SECOND}
 * alerts a second to {@code POST /api/v2/alerts} (at most {@value #MAX_IN_FLIGHT} waiting at once, as a real
 * sender's queue is bounded), walls subscribed over real WebSockets, and pollers of {@code /metrics},
 * {@code /readyz} and {@code /healthz}. Each push carries the current attack's name as label {@code phase}, so what
 * an attack did to its bystanders is read off the pushes made while it ran ({@link Window}).
 *
 * <p>Every wait is capped at {@link #CAP}: a push or a poll that gets no answer by then counts as "10 s+".
 */
final class ProcessBystanders implements AutoCloseable {

    static final Duration CAP = Duration.ofSeconds(10);
    static final int PER_SECOND = 15;
    static final int MAX_IN_FLIGHT = 10;
    /** Values of labels every bystander alert carries, for the regex shapes to chew on. */
    static final String PROBE = "a".repeat(40) + "!";

    static final String UPPER = "A".repeat(30);
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One bystander push; {@code answered} is 0 until the relay answers (or the cap passes). */
    static final class Push {
        final int n;
        final String phase;
        final long sent = System.nanoTime();
        volatile long answered;
        volatile int status;
        volatile String failure;

        Push(int n, String phase) {
            this.n = n;
            this.phase = phase;
        }

        long waitedMs(long now) {
            return ((answered == 0 ? now : answered) - sent) / 1_000_000;
        }

        boolean accepted() {
            return answered != 0 && status / 100 == 2;
        }
    }

    /** One poll: status -1 when no answer came within the cap, -2 when the connection failed. */
    record Poll(long started, long millis, int status) {}

    final String run = "h" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    private final String base;
    private final HttpClient pushClient = client();
    private final HttpClient pollClient = client();
    private final List<Wall> walls = new ArrayList<>();
    private final Map<String, Queue<Push>> pushes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();
    final List<Poll> metrics = Collections.synchronizedList(new ArrayList<>());
    final List<Poll> readyz = Collections.synchronizedList(new ArrayList<>());
    final List<Poll> healthz = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "bystander");
        t.setDaemon(true);
        return t;
    });
    private volatile String phase = "warm-up";
    private volatile long metricsPollStarted;

    private ProcessBystanders(String base) {
        this.base = base;
    }

    /** Opens {@code wallCount} walls and starts pushing and polling. */
    static ProcessBystanders start(String base, int wallCount) {
        ProcessBystanders b = new ProcessBystanders(base);
        URI ws = URI.create(base.replaceFirst("^http", "ws") + "/ws");
        for (int i = 0; i < wallCount; i++) {
            b.walls.add(Wall.open("wall-" + (i + 1), b.pollClient, ws, TestRelay.VIEWER, b.run));
        }
        b.timers.scheduleAtFixedRate(b::pushOne, 0, 1_000_000 / PER_SECOND, TimeUnit.MICROSECONDS);
        b.timers.scheduleWithFixedDelay(b::pollMetrics, 0, 250, TimeUnit.MILLISECONDS);
        b.timers.scheduleWithFixedDelay(b::pollHealth, 0, 250, TimeUnit.MILLISECONDS);
        return b;
    }

    private static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Labels the pushes from now on with {@code name}: they are the bystanders of that attack. */
    void phase(String name) {
        phase = name;
    }

    List<Wall> walls() {
        return walls;
    }

    private void pushOne() {
        String p = phase;
        if (!inFlight.tryAcquire()) {
            skipped.computeIfAbsent(p, k -> new AtomicInteger()).incrementAndGet();
            return;
        }
        Push push = new Push(next.getAndIncrement(), p);
        pushes.computeIfAbsent(p, k -> new ConcurrentLinkedQueue<>()).add(push);
        String body = Frames.alert(
                "Bystander", "run", run, "n", Integer.toString(push.n), "phase", p, "probe", PROBE, "upper", UPPER);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v2/alerts"))
                .timeout(CAP)
                .header("Authorization", "Bearer " + TestRelay.INGEST)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        pushClient.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            if (r != null) push.status = r.statusCode();
            else push.failure = e instanceof HttpTimeoutException ? "no answer within 10 s" : String.valueOf(e);
            push.answered = System.nanoTime();
            inFlight.release();
        });
    }

    private void pollMetrics() {
        metricsPollStarted = System.nanoTime();
        metrics.add(get("/metrics"));
        metricsPollStarted = 0;
    }

    private void pollHealth() {
        readyz.add(get("/readyz"));
        healthz.add(get("/healthz"));
    }

    private Poll get(String path) {
        long started = System.nanoTime();
        int status;
        try {
            status = pollClient
                    .send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(CAP)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (HttpTimeoutException e) {
            status = -1;
        } catch (Exception e) {
            status = -2;
        }
        return new Poll(started, (System.nanoTime() - started) / 1_000_000, status);
    }

    /** The relay's answer to a GET with the viewer token, within the cap; null when none came. */
    HttpResponse<String> viewerGet(String pathAndQuery) {
        try {
            return pollClient.send(
                    HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                            .timeout(CAP)
                            .header("Authorization", "Bearer " + TestRelay.VIEWER)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            return null;
        }
    }

    /** True once a bystander has waited {@link #CAP} for something (a push, its delivery, /metrics) in {@code p}. */
    boolean capped(String p) {
        long now = System.nanoTime();
        long capMs = CAP.toMillis();
        long poll = metricsPollStarted;
        if (poll != 0 && (now - poll) / 1_000_000 >= capMs) return true;
        for (Push push : pushes(p)) {
            if (push.waitedMs(now) >= capMs) return true;
            if (push.accepted() && (now - push.sent) / 1_000_000 >= capMs && !deliveredEverywhere(push)) return true;
        }
        return false;
    }

    List<Push> pushes(String p) {
        Queue<Push> q = pushes.get(p);
        return q == null
                ? List.of()
                : q.stream().sorted(Comparator.comparingInt(x -> x.n)).toList();
    }

    int skipped(String p) {
        AtomicInteger n = skipped.get(p);
        return n == null ? 0 : n.get();
    }

    boolean deliveredEverywhere(Push push) {
        for (Wall w : walls) if (w.arrival(push.n) == null) return false;
        return true;
    }

    /** Waits (at most {@code max}) until no push of {@code p} is waiting and each accepted one reached every wall. */
    boolean settle(String p, Duration max) {
        return within(
                max,
                () -> pushes(p).stream().allMatch(x -> x.answered != 0 && (!x.accepted() || deliveredEverywhere(x))));
    }

    /**
     * Waits (at most {@code max}) for proof that the relay serves its bystanders again: a push sent from now on
     * answered 2xx within a second and on every wall within a second.
     */
    boolean recovered(Duration max) {
        int from = next.get();
        String p = phase;
        return within(max, () -> pushes(p).stream().anyMatch(x -> x.n >= from && served(x)));
    }

    /** Answered 2xx within a second, and on every wall within a second of being sent. */
    private boolean served(Push x) {
        if (!x.accepted() || x.waitedMs(0) >= 1_000) return false;
        for (Wall w : walls) {
            Long at = w.arrival(x.n);
            if (at == null || (at - x.sent) / 1_000_000 >= 1_000) return false;
        }
        return true;
    }

    private static boolean within(Duration max, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(max).pollInterval(Duration.ofMillis(50)).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        walls.forEach(Wall::close);
    }
}
