package io.alertrelay.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The figures of every attack the hostile suite ran against a relay process: its size, the bystanders' worst push,
 * delivery and {@code /metrics} times while it ran, what {@code /readyz} and {@code /healthz} answered, what the
 * relay answered the attack, and which pass criteria failed. At the end of the run (when JUnit closes the root
 * store) it prints one table on stdout and writes it to {@code target/hostile-figures.txt}.
 */
public final class HostileTally implements BeforeAllCallback {

    /** One row: {@code failed} names the criteria that did not hold ("" when all did). */
    record Row(
            String relay,
            String attack,
            String size,
            String pushes,
            String worstPush,
            String worstDelivery,
            String worstMetrics,
            String readyz,
            String healthz,
            String answer,
            String failed,
            String note) {}

    private static final List<Row> ROWS = new ArrayList<>();
    private static final List<String> NOTES = new ArrayList<>();
    private static final String STARTED_LOAD = loadAverage();
    private static final long STARTED = System.nanoTime();

    static synchronized void record(Row row) {
        ROWS.add(row);
    }

    /** Something about the run as a whole (a relay restarted, a setting today's relay does not know). */
    static synchronized void note(String text) {
        NOTES.add(text);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(HostileTally.class.getName(), k ->
                (AutoCloseable) HostileTally::print);
    }

    static synchronized String table() {
        StringBuilder b = new StringBuilder("\nHostile input against a relay process (io.alertrelay.hostile), ")
                .append(Instant.now())
                .append('\n');
        b.append(String.format(
                "machine: %d cores; load average (1, 5, 15 min) %s at the start, %s at the end;" + " %.0f s in all%n",
                Runtime.getRuntime().availableProcessors(),
                STARTED_LOAD,
                loadAverage(),
                (System.nanoTime() - STARTED) / 1e9));
        b.append("bystanders: ")
                .append(ProcessBystanders.PER_SECOND)
                .append(" pushes/s to POST /api/v2/alerts (at most ")
                .append(ProcessBystanders.MAX_IN_FLIGHT)
                .append(" waiting), 2 walls over WebSocket, /metrics, /readyz and")
                .append(" /healthz polled every 250 ms; every wait capped at 10 s (\"10 s+\"); pass: each under 1 s.\n")
                .append("pushes: made during the attack (+n: not made because ")
                .append(ProcessBystanders.MAX_IN_FLIGHT)
                .append(" were waiting); delivery: from the push being sent to the last wall receiving it\n\n");
        b.append(String.format(
                "%-46s %8s %10s %10s %10s  %-22s %-14s %s%n",
                "attack", "pushes", "worst push", "delivery", "/metrics", "/readyz", "/healthz", "failed criteria"));
        String relay = null;
        for (Row r : ROWS) {
            if (!r.relay().equals(relay)) {
                relay = r.relay();
                b.append("-- ").append(relay).append('\n');
            }
            b.append(String.format(
                    "%-46s %8s %10s %10s %10s  %-22s %-14s %s%n",
                    cut(r.attack(), 46),
                    r.pushes(),
                    r.worstPush(),
                    r.worstDelivery(),
                    r.worstMetrics(),
                    r.readyz(),
                    r.healthz(),
                    r.failed().isEmpty() ? "none" : r.failed()));
            b.append("      size:   ").append(r.size()).append('\n');
            b.append("      answer: ").append(r.answer()).append('\n');
            if (!r.note().isEmpty()) b.append("      note:   ").append(r.note()).append('\n');
        }
        for (String n : NOTES) b.append("note: ").append(n).append('\n');
        return b.toString();
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void print() throws IOException {
        String t = table();
        System.out.print(t);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("hostile-figures.txt"), t);
    }
}
