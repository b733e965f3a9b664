package io.alertrelay.loadtest.scenario;

import java.util.Set;

/**
 * One step of a scenario. Kinds:
 * <ul>
 *   <li>{@code push}: {@code pushes} POSTs of {@code alertsPerPush} alerts, one every {@code intervalMs};
 *       with {@code awaitEach} each push waits until every reading client has it (a delivery round);</li>
 *   <li>{@code hold}: do nothing for {@code durationMs} (idle connections, heartbeats);</li>
 *   <li>{@code pause-reading}: the first {@code fraction} of each worker's clients stop reading;</li>
 *   <li>{@code storm}: every client drops at once, {@code alertsWhileDown} alerts are pushed, and every
 *       client reconnects at once with {@code since}: measures the time until all have resumed;</li>
 *   <li>{@code memory}: records the server's RSS and live heap after a full GC.</li>
 * </ul>
 */
public record Step(
        String name,
        String kind,
        int alertsPerPush,
        int pushes,
        long intervalMs,
        boolean awaitEach,
        double fraction,
        long durationMs,
        int alertsWhileDown) {

    static final Set<String> KINDS = Set.of("push", "hold", "pause-reading", "storm", "memory");

    void check(String scenario) {
        String where = "scenario " + scenario + ", step " + name;
        if (!KINDS.contains(kind)) throw new IllegalArgumentException(where + ": kind must be one of " + KINDS);
        if (kind.equals("push") && (alertsPerPush < 1 || pushes < 1)) {
            throw new IllegalArgumentException(where + ": a push step needs alertsPerPush and pushes of at least 1");
        }
        if (kind.equals("pause-reading") && (fraction <= 0 || fraction >= 1)) {
            throw new IllegalArgumentException(where + ": fraction must be between 0 and 1, like 0.05");
        }
    }
}
