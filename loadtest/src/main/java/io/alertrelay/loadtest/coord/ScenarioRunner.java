package io.alertrelay.loadtest.coord;

import com.fasterxml.jackson.databind.JsonNode;
import io.alertrelay.loadtest.clock.WallClock;
import io.alertrelay.loadtest.report.Latency;
import io.alertrelay.loadtest.report.ServerResult;
import io.alertrelay.loadtest.report.StepResult;
import io.alertrelay.loadtest.report.Summary;
import io.alertrelay.loadtest.scenario.Scenario;
import io.alertrelay.loadtest.scenario.Step;
import io.alertrelay.loadtest.server.ProcessProbe;
import io.alertrelay.loadtest.server.ServerUnderTest;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario against one server: start the workers, connect a tenth of the clients (at most 1,000: the
 * warm-up, after which memory is measured), connect the rest (memory again: the difference, divided by the
 * clients added, is the cost of one idle subscribed connection), run the steps, check that every reading
 * client got every seq. The warm-up keeps one-off costs out of the per-connection figure: code the JIT compiles
 * for the handshake, and the young generation's pages, touched once by the first thousand handshakes.
 *
 * <p>A server of several processes (a cluster: nodes and Redis) is measured as their sum, with each process's RSS
 * and CPU, and each node's clients' latency, beside it. It gets at least one worker per node.
 */
public final class ScenarioRunner {

    /**
     * @param clientsPerWorker   at most this many clients per worker process (each holds one file per client)
     * @param addressesPerWorker loopback source addresses per worker
     */
    public record Options(
            int clientsPerWorker,
            int addressesPerWorker,
            List<String> workerJvmOptions,
            String viewerToken,
            String ingestToken,
            long awaitSeconds) {}

    private final Scenario scenario;
    private final ServerUnderTest server;
    private final Options options;
    private final PrintStream log;
    private WorkerPool pool;
    private Telemetry telemetry;
    private AlertDriver driver;
    private long seq;

    public ScenarioRunner(Scenario scenario, ServerUnderTest server, Options options, PrintStream log) {
        this.scenario = scenario;
        this.server = server;
        this.options = options;
        this.log = log;
    }

    public ServerResult run() throws IOException, InterruptedException {
        int nodes = server.clientPorts().size();
        int workers =
                Math.max(nodes, (scenario.clients() + options.clientsPerWorker() - 1) / options.clientsPerWorker());
        driver = new AlertDriver(
                "http://" + server.host() + ":" + server.port(),
                options.ingestToken(),
                scenario.slots(),
                scenario.payloadBytes());
        try (WorkerPool p = WorkerPool.start(
                workers,
                options.addressesPerWorker(),
                server.host(),
                server.clientPorts(),
                "/ws",
                options.viewerToken(),
                options.workerJvmOptions())) {
            pool = p;
            int warm = Math.min(1000, Math.max(1, scenario.clients() / 10));
            pool.connect(
                    warm, scenario.connect().perSecond(), scenario.connect().inFlight(), scenario.receiveBufferBytes());
            Map<String, Object> before = memory();
            log.printf(
                    "  [%s] %d workers over %d node(s); %d warm-up clients connected; connecting %d more%n",
                    server.name(), workers, nodes, warm, scenario.clients() - warm);
            Map<String, Object> connect = connect(scenario.clients() - warm);
            requireAlive("connecting the clients");
            Map<String, Object> after = memory();
            Map<String, Object> mem =
                    perConnection(before, after, pool.snapshot(-1, false).live() - warm);
            log.printf("  [%s] connect: %s%n  [%s] memory: %s%n", server.name(), connect, server.name(), mem);
            List<StepResult> steps = new ArrayList<>();
            try (Telemetry t = new Telemetry(pool, nodes)) {
                telemetry = t;
                for (Step s : scenario.steps()) {
                    StepResult r = step(s);
                    requireAlive("step " + s.name());
                    steps.add(r);
                    log.printf("  [%s] %s%n", server.name(), describe(r));
                }
                WorkerPool.Aggregate end = awaitCaughtUp(seq, options.awaitSeconds());
                return new ServerResult(
                        server.name(),
                        scenario.clients(),
                        connect,
                        mem,
                        steps,
                        end.lost() + end.missing(),
                        end.outOfOrder(),
                        end.resets(),
                        end.closes(),
                        end.failures(),
                        t.timeline());
            }
        }
    }

    private Map<String, Object> connect(int n) {
        List<JsonNode> parts = pool.connect(
                n, scenario.connect().perSecond(), scenario.connect().inFlight(), scenario.receiveBufferBytes());
        long start = parts.stream()
                .mapToLong(j -> j.path("startNanos").asLong())
                .min()
                .orElse(0);
        long end =
                parts.stream().mapToLong(j -> j.path("endNanos").asLong()).max().orElse(0);
        int ok = parts.stream().mapToInt(j -> j.path("ok").asInt()).sum();
        int failed = parts.stream().mapToInt(j -> j.path("failed").asInt()).sum();
        double secs = (end - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("opened", ok);
        m.put("failed", failed);
        m.put("seconds", round(secs));
        m.put("perSecond", round(ok / Math.max(secs, 1e-9)));
        m.put(
                "handshakeP99Ms",
                parts.stream()
                                .mapToLong(j -> j.path("handshakeP99Micros").asLong())
                                .max()
                                .orElse(0)
                        / 1000.0);
        m.put("failures", pool.snapshot(-1, false).failures());
        return m;
    }

    private Map<String, Object> memory() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("liveHeapBytes", server.liveHeapAfterGc().orElse(-1));
        Map<String, Long> rss = new LinkedHashMap<>();
        server.processes().forEach((name, pid) -> rss.put(name, ProcessProbe.rssBytes(pid)));
        m.put("rssBytes", rss.values().stream().mapToLong(Long::longValue).sum());
        if (rss.size() > 1) m.put("rssByProcess", rss);
        return m;
    }

    private static Map<String, Object> perConnection(Map<String, Object> before, Map<String, Object> after, int added) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionsAdded", added);
        m.put("rssBefore", before.get("rssBytes"));
        m.put("rssAfter", after.get("rssBytes"));
        m.put("heapBefore", before.get("liveHeapBytes"));
        m.put("heapAfter", after.get("liveHeapBytes"));
        if (after.containsKey("rssByProcess")) m.put("rssAfterByProcess", after.get("rssByProcess"));
        long n = Math.max(1, added);
        m.put("rssPerConnectionBytes", ((long) after.get("rssBytes") - (long) before.get("rssBytes")) / n);
        long hb = (long) before.get("liveHeapBytes");
        long ha = (long) after.get("liveHeapBytes");
        m.put("heapPerConnectionBytes", hb < 0 || ha < 0 ? -1 : (ha - hb) / n);
        return m;
    }

    private StepResult step(Step s) throws IOException, InterruptedException {
        telemetry.beginStep(s.name());
        WorkerPool.Aggregate start = pool.snapshot(seq, false);
        Map<String, Double> cpu0 = serverCpu();
        double harness0 = harnessCpu();
        long t0 = System.nanoTime();
        Map<String, Object> extra = new LinkedHashMap<>();
        long firstSend = 0;
        List<Double> rounds = new ArrayList<>();
        switch (s.kind()) {
            case "push" -> firstSend = push(s, start.live(), rounds, extra);
            case "hold" -> TimeUnit.MILLISECONDS.sleep(s.durationMs());
            case "pause-reading" -> extra.put("paused", pool.pause(s.fraction()));
            case "storm" -> storm(s, extra);
            case "memory" -> extra.putAll(memory());
            default -> throw new IllegalStateException("unknown step kind " + s.kind());
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cpuByProcess = new LinkedHashMap<>();
        serverCpu().forEach((name, secs) -> cpuByProcess.put(name, (secs - cpu0.get(name)) / wall));
        double serverCpu =
                cpuByProcess.values().stream().mapToDouble(Double::doubleValue).sum();
        cpuByProcess.replaceAll((name, cores) -> round(cores));
        if (cpuByProcess.size() > 1) extra.put("cpuByProcess", cpuByProcess);
        double harnessCpu = (harnessCpu() - harness0) / wall;
        WorkerPool.Aggregate end = pool.snapshot(seq, false);
        Telemetry.StepLatency stepLatency = telemetry.endStep();
        Latency latency = Latency.of(stepLatency.all());
        if (stepLatency.byNode().size() > 1 && latency.count() > 0) {
            Map<String, Latency> byNode = new LinkedHashMap<>();
            for (int i = 0; i < stepLatency.byNode().size(); i++) {
                byNode.put("node" + (i + 1), Latency.of(stepLatency.byNode().get(i)));
            }
            extra.put("latencyByNode", byNode);
        }
        long deliveries = end.frames() - start.frames();
        double rate = firstSend == 0 || end.lastRecvNanos() <= firstSend
                ? 0
                : deliveries / ((end.lastRecvNanos() - firstSend) / 1e9);
        if (!end.closes().equals(start.closes())) extra.put("closesSoFar", end.closes());
        server.slowConsumerCloses().ifPresent(n -> extra.put("serverSlowConsumerClosesSoFar", n));
        return new StepResult(
                s.name(),
                s.kind(),
                round(wall),
                deliveries,
                round(rate),
                round(median(rounds)),
                latency,
                end.lost() - start.lost(),
                end.outOfOrder() - start.outOfOrder(),
                round(serverCpu),
                round(harnessCpu),
                ProcessProbe.loadAverage(),
                extra);
    }

    /** Returns when the first push was stamped. */
    private long push(Step s, int readers, List<Double> rounds, Map<String, Object> extra)
            throws IOException, InterruptedException {
        long first = 0;
        long pacingStart = System.nanoTime();
        long httpMax = 0;
        for (int i = 0; i < s.pushes(); i++) {
            long due = pacingStart + TimeUnit.MILLISECONDS.toNanos(s.intervalMs() * i);
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            AlertDriver.Push p = driver.push(s.alertsPerPush());
            httpMax = Math.max(httpMax, p.httpNanos());
            if (first == 0) first = p.sentAtNanos();
            seq += p.changed();
            if (s.awaitEach()) {
                WorkerPool.Aggregate a = awaitCaughtUp(seq, options.awaitSeconds());
                if (a.lastRecvNanos() > p.sentAtNanos()) {
                    rounds.add((double) p.changed() * readers / ((a.lastRecvNanos() - p.sentAtNanos()) / 1e9));
                }
            }
        }
        WorkerPool.Aggregate a = awaitCaughtUp(seq, options.awaitSeconds());
        extra.put("alerts", (long) s.pushes() * s.alertsPerPush());
        extra.put("pushSecondsMax", round(httpMax / 1e9));
        if (a.behind() > 0) extra.put("clientsBehindAtTimeout", a.behind());
        return first;
    }

    private void storm(Step s, Map<String, Object> extra) throws IOException, InterruptedException {
        WorkerPool.Aggregate before = pool.snapshot(seq, false);
        int dropped = pool.drop();
        int changed = 0;
        if (s.alertsWhileDown() > 0) {
            AlertDriver.Push p = driver.push(s.alertsWhileDown());
            seq += p.changed();
            changed = p.changed();
        }
        long t0 = WallClock.epochNanos();
        pool.reconnect(seq);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.awaitSeconds());
        WorkerPool.Aggregate a = pool.snapshot(seq, false);
        while (a.allCaughtUpNanos() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
            a = pool.snapshot(seq, false);
        }
        extra.put("dropped", dropped);
        extra.put("changesWhileDown", changed);
        extra.put("resumedMs", a.allCaughtUpNanos() == 0 ? -1 : round((a.allCaughtUpNanos() - t0) / 1e6));
        extra.put("replayed", a.replayed() - before.replayed());
        extra.put("resets", a.resets() - before.resets());
        extra.put("behindAtEnd", a.behind());
        extra.put("failures", a.failures());
    }

    private WorkerPool.Aggregate awaitCaughtUp(long target, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        WorkerPool.Aggregate a = pool.snapshot(target, false);
        while (a.behind() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
            a = pool.snapshot(target, false);
        }
        return a;
    }

    /**
     * A server process that is gone makes every number after it wrong in a way that still looks plausible (its
     * clients may even be served by another node), so the run stops.
     */
    private void requireAlive(String when) {
        server.processes().forEach((name, pid) -> {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return;
            throw new IllegalStateException(server.name() + ": process " + name + " (pid " + pid + ") exited before the"
                    + " end of " + when + "; its log is in the run's folder under " + server.name() + "/");
        });
    }

    private Map<String, Double> serverCpu() {
        Map<String, Double> m = new LinkedHashMap<>();
        server.processes().forEach((name, pid) -> m.put(name, ProcessProbe.cpuSeconds(pid)));
        return m;
    }

    private double harnessCpu() {
        double sum = ProcessProbe.cpuSeconds(ProcessHandle.current().pid());
        for (long pid : pool.pids()) sum += ProcessProbe.cpuSeconds(pid);
        return sum;
    }

    private static String describe(StepResult r) {
        return String.format(
                "%-22s %6.1fs deliveries %,d (%,.0f/s, rounds %,.0f/s) p50 %.1f p99 %.1f max %.1f ms"
                        + " lost %d ooo %d cpu server %.2f harness %.2f %s",
                r.name(),
                r.seconds(),
                r.deliveries(),
                r.deliveriesPerSec(),
                r.roundsPerSec(),
                r.latency().p50(),
                r.latency().p99(),
                r.latency().max(),
                r.lost(),
                r.outOfOrder(),
                r.serverCpu(),
                r.harnessCpu(),
                Summary.extraText(r.extra()));
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) return 0;
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
