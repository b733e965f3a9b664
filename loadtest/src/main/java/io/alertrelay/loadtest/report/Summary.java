package io.alertrelay.loadtest.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The readable summary of a run: one block per server, one line per step, then the ratios. */
public final class Summary {

    private Summary() {}

    public static String text(RunResult run) {
        StringBuilder b = new StringBuilder();
        b.append("scenario ")
                .append(run.scenario())
                .append(" — ")
                .append(run.description())
                .append('\n');
        b.append("machine  ").append(run.machine()).append('\n');
        for (ServerResult s : run.servers()) {
            b.append('\n')
                    .append("== ")
                    .append(s.server())
                    .append(": ")
                    .append(s.clients())
                    .append(" clients\n");
            b.append("connect  ").append(s.connect()).append('\n');
            Map<String, Object> m = s.memory();
            b.append(String.format(
                    "memory   per idle subscribed connection: RSS %,d B, live heap after GC %,d B"
                            + " (%s connections; RSS %,d -> %,d B; heap %,d -> %,d B)%n",
                    m.get("rssPerConnectionBytes"),
                    m.get("heapPerConnectionBytes"),
                    m.get("connectionsAdded"),
                    m.get("rssBefore"),
                    m.get("rssAfter"),
                    m.get("heapBefore"),
                    m.get("heapAfter")));
            b.append(String.format(
                    "%-24s %7s %11s %11s %11s %8s %8s %8s %8s %9s %5s %5s %6s %7s %7s %7s%n",
                    "step",
                    "secs",
                    "deliveries",
                    "per sec",
                    "rounds/s",
                    "p50 ms",
                    "p90 ms",
                    "p99 ms",
                    "p99.9",
                    "max ms",
                    "lost",
                    "ooo",
                    "srvCPU",
                    "harness",
                    "µs/del",
                    "h µs/f"));
            for (StepResult r : s.steps()) {
                Latency l = r.latency();
                b.append(String.format(
                        "%-24s %7.1f %,11d %,11.0f %,11.0f %8.2f %8.2f %8.2f %8.2f %9.2f %5d %5d %6.2f %7.2f %7.1f %7.1f%n",
                        r.name(),
                        r.seconds(),
                        r.deliveries(),
                        r.deliveriesPerSec(),
                        r.roundsPerSec(),
                        l.p50(),
                        l.p90(),
                        l.p99(),
                        l.p999(),
                        l.max(),
                        r.lost(),
                        r.outOfOrder(),
                        r.serverCpu(),
                        r.harnessCpu(),
                        perDeliveryUs(r, r.serverCpu()),
                        perDeliveryUs(r, r.harnessCpu())));
                if (!r.extra().isEmpty())
                    b.append("    ").append(extraText(r.extra())).append('\n');
            }
            b.append(String.format(
                    "total    lost %d, out of order %d, reset snapshots %d, closes seen %s, failed %s%n",
                    s.lost(), s.outOfOrder(), s.resets(), s.closes(), s.failures()));
        }
        if (run.floor() != null) b.append(floorText(run));
        if (!run.ratios().isEmpty()) {
            String first = run.servers().get(0).server();
            b.append("\n")
                    .append(first)
                    .append(" vs ")
                    .append(run.servers().get(1).server())
                    .append(" (above 1 means ")
                    .append(first)
                    .append(" is better):\n");
            run.ratios().forEach((k, v) -> b.append(String.format("  %-40s %.2fx%n", k, v)));
        }
        return b.toString();
    }

    /**
     * CPU time per delivery in microseconds: {@code cpu} (cores busy over the step) times the step's seconds,
     * over its deliveries; the server's cost of a delivery, or the harness's cost of receiving one frame.
     */
    public static double perDeliveryUs(StepResult r, double cpu) {
        return r.deliveries() == 0 ? 0 : cpu * r.seconds() * 1e6 / r.deliveries();
    }

    /** The floor, then each server's push steps set against it (1.00x is the kernel's own cost). */
    static String floorText(RunResult run) {
        FloorResult f = run.floor();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "%n== kernel floor (%,d connections, %d rounds of %d bytes, %d writer thread(s); load average %.2f"
                        + " before)%nCPU per write %.2f µs; last reader has it p50 %.1f, p90 %.1f, p99 %.1f ms%n",
                f.connections(),
                f.rounds(),
                f.frameBytes(),
                f.threads(),
                f.loadAverageBefore(),
                f.cpuPerWriteUs(),
                f.lastReaderP50Ms(),
                f.lastReaderP90Ms(),
                f.lastReaderP99Ms()));
        for (ServerResult s : run.servers()) {
            for (StepResult r : s.steps()) {
                if (!r.kind().equals("push") || r.deliveries() == 0) continue;
                b.append(String.format(
                        "  %-14s %-24s CPU per delivery %6.2f µs = %.2fx the floor; p99 %8.1f ms = %.2fx the floor%n",
                        s.server(),
                        r.name(),
                        perDeliveryUs(r, r.serverCpu()),
                        perDeliveryUs(r, r.serverCpu()) / f.cpuPerWriteUs(),
                        r.latency().p99(),
                        r.latency().p99() / f.lastReaderP99Ms()));
            }
        }
        if (f.handshake() != null) b.append(stormFloorText(run, f.handshake()));
        return b.toString();
    }

    /** The storm's floor, then each server's storm step set against it. */
    static String stormFloorText(RunResult run, HandshakeFloor h) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                "%n== storm floor (%,d clients connecting at once, a replay of %d %d-byte frames each, %d server"
                        + " thread(s); load average %.2f before)%nall resumed %.1f ms; server CPU %.1f µs per"
                        + " client%n",
                h.clients(),
                h.replayFrames(),
                h.frameBytes(),
                h.threads(),
                h.loadAverageBefore(),
                h.allResumedMs(),
                h.serverCpuPerClientUs()));
        for (ServerResult s : run.servers()) {
            for (StepResult r : s.steps()) {
                if (!r.kind().equals("storm") || !(r.extra().get("resumedMs") instanceof Number ms)) continue;
                double cpuPerClient = r.serverCpu() * r.seconds() * 1e6 / h.clients();
                b.append(String.format(
                        "  %-14s %-24s all resumed %,.0f ms = %.2fx the floor; server CPU over the step %.0f µs per"
                                + " client = %.2fx the floor's%n",
                        s.server(),
                        r.name(),
                        ms.doubleValue(),
                        ms.doubleValue() / h.allResumedMs(),
                        cpuPerClient,
                        cpuPerClient / h.serverCpuPerClientUs()));
            }
        }
        return b.toString();
    }

    /**
     * A step's extras on one line; a cluster's per-node latencies as "node1 p50/p99/max ms", because node 1 (where
     * the alerts go in) against the others is the cost of the trip through Redis.
     */
    public static String extraText(Map<String, Object> extra) {
        StringBuilder b = new StringBuilder();
        extra.forEach((k, v) -> {
            if (b.length() > 0) b.append(", ");
            b.append(k).append('=');
            if (v instanceof Map<?, ?> m
                    && !m.isEmpty()
                    && m.values().iterator().next() instanceof Latency) {
                StringBuilder nodes = new StringBuilder();
                m.forEach((node, l) -> nodes.append(nodes.length() == 0 ? "" : "; ")
                        .append(node)
                        .append(' ')
                        .append(latencyText((Latency) l)));
                b.append('{').append(nodes).append('}');
            } else {
                b.append(v);
            }
        });
        return b.toString();
    }

    private static String latencyText(Latency l) {
        return String.format("p50/p99/max %.1f/%.1f/%.1f ms (%,d)", l.p50(), l.p99(), l.max(), l.count());
    }

    /** First over second for throughput; second over first for latency and memory (bigger: the first is better). */
    public static Map<String, Double> ratios(ServerResult relay, ServerResult baseline) {
        Map<String, Double> r = new LinkedHashMap<>();
        for (StepResult a : relay.steps()) {
            for (StepResult b : baseline.steps()) {
                if (!a.name().equals(b.name()) || !a.kind().equals("push")) continue;
                if (b.deliveriesPerSec() > 0)
                    r.put(a.name() + " deliveries/s", a.deliveriesPerSec() / b.deliveriesPerSec());
                if (b.roundsPerSec() > 0) r.put(a.name() + " round deliveries/s", a.roundsPerSec() / b.roundsPerSec());
                if (a.latency().p99() > 0)
                    r.put(
                            a.name() + " p99 latency",
                            b.latency().p99() / a.latency().p99());
            }
        }
        double rssA = ((Number) relay.memory().get("rssPerConnectionBytes")).doubleValue();
        double rssB = ((Number) baseline.memory().get("rssPerConnectionBytes")).doubleValue();
        if (rssA > 0) r.put("RSS per idle connection", rssB / rssA);
        return r;
    }
}
