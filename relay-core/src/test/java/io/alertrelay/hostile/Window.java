package io.alertrelay.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertrelay.hostile.ProcessBystanders.Poll;
import io.alertrelay.hostile.ProcessBystanders.Push;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the bystanders saw while one attack ran: the figures for the table, and one list of failures per pass
 * criterion of issue 12 (a push answered in under 1 s, on every wall in under 1 s, {@code /metrics} in under 1 s,
 * nothing accepted lost) plus honest health (a push that waits past 5 s while {@code /readyz} says 200).
 */
final class Window {

    static final long LIMIT_MS = 1_000;
    /** A push that waited this long means the pipeline could not take a change for 5 s: /readyz should say so. */
    static final long STALL_MS = 6_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    final int pushes;
    final int accepted;
    final int skipped;
    final long worstPushMs;
    final long worstDeliveryMs;
    final long worstMetricsMs;
    final int metricsPolls;
    final String readyz;
    final String healthz;
    final List<String> pushFailures = new ArrayList<>();
    final List<String> deliveryFailures = new ArrayList<>();
    final List<String> metricsFailures = new ArrayList<>();
    final List<String> lost = new ArrayList<>();
    final List<String> health = new ArrayList<>();

    /** Reads the window [start, end] (System.nanoTime) of attack {@code phase}; call after the pushes settled. */
    Window(ProcessBystanders b, String phase, long start, long end) {
        long now = System.nanoTime();
        long cap = ProcessBystanders.CAP.toMillis();
        List<Push> ps = b.pushes(phase);
        pushes = ps.size();
        skipped = b.skipped(phase);
        long worstPush = 0;
        long worstDelivery = 0;
        int slowPushes = 0;
        int slowDeliveries = 0;
        int undelivered = 0;
        Set<Integer> acceptedNs = new HashSet<>();
        for (Push p : ps) {
            long waited = Math.min(cap, p.waitedMs(now));
            worstPush = Math.max(worstPush, waited);
            if (waited >= LIMIT_MS) slowPushes++;
            if (p.answered != 0 && !p.accepted()) {
                pushFailures.add("push " + p.n + " answered " + (p.failure != null ? p.failure : "HTTP " + p.status));
            }
            if (p.accepted()) acceptedNs.add(p.n);
            // a push whose sender gave up waiting may still have been taken: its delivery time counts too
            for (Wall w : b.walls()) {
                Long at = w.arrival(p.n);
                if (at == null) {
                    if (p.accepted()) undelivered++;
                    continue;
                }
                long d = Math.min(cap, (at - p.sent) / 1_000_000);
                worstDelivery = Math.max(worstDelivery, d);
                if (d >= LIMIT_MS) slowDeliveries++;
            }
        }
        accepted = acceptedNs.size();
        worstPushMs = worstPush;
        worstDeliveryMs = worstDelivery;
        if (slowPushes > 0) {
            pushFailures.add(slowPushes + " of " + pushes + " pushes took 1 s or more (worst " + ms(worstPush) + ")");
        }
        // a push not sent because MAX_IN_FLIGHT were waiting is no failure of its own: those waiting say how long
        if (pushes == 0) pushFailures.add("no bystander push was made during the attack");
        if (slowDeliveries > 0) {
            deliveryFailures.add(slowDeliveries + " deliveries took 1 s or more (worst " + ms(worstDelivery) + ")");
        }
        if (undelivered > 0) lost.add(undelivered + " deliveries of accepted alerts never reached a wall");
        for (Wall w : b.walls()) {
            for (String problem : w.problems(start, now)) {
                boolean loss = problem.contains("seq ") || problem.contains("reset") || problem.contains("unreadable");
                (loss ? lost : deliveryFailures).add(problem);
            }
        }
        long worstMetrics = 0;
        int polls = 0;
        for (Poll p : inWindow(b.metrics, start, end)) {
            polls++;
            worstMetrics = Math.max(worstMetrics, Math.min(cap, p.millis()));
            if (p.status() != 200) {
                metricsFailures.add("/metrics answered " + status(p.status()) + " after " + ms(p.millis()));
            }
        }
        worstMetricsMs = worstMetrics;
        metricsPolls = polls;
        if (worstMetrics >= LIMIT_MS) metricsFailures.add("/metrics took " + ms(worstMetrics));
        if (polls == 0) metricsFailures.add("no /metrics poll was answered during the attack");
        readyz = summary(inWindow(b.readyz, start, end));
        healthz = summary(inWindow(b.healthz, start, end));
        stored(b, phase, acceptedNs);
        honestHealth(b, ps, now);
    }

    /** Every accepted push of the attack is in GET /api/alerts. */
    private void stored(ProcessBystanders b, String phase, Set<Integer> acceptedNs) {
        if (acceptedNs.isEmpty()) return;
        String q = "/api/alerts?filter=" + URLEncoder.encode("run=\"" + b.run + "\"", StandardCharsets.UTF_8)
                + "&filter=" + URLEncoder.encode("phase=\"" + phase + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> r = b.viewerGet(q);
        if (r == null || r.statusCode() != 200) {
            lost.add("GET /api/alerts did not list the accepted pushes: "
                    + (r == null ? "no answer within 10 s" : r.statusCode()));
            return;
        }
        Set<Integer> found = new HashSet<>();
        try {
            for (JsonNode a : JSON.readTree(r.body()))
                found.add(a.path("labels").path("n").asInt());
        } catch (Exception e) {
            lost.add("GET /api/alerts answered something unreadable: " + e.getMessage());
            return;
        }
        Set<Integer> missing = new HashSet<>(acceptedNs);
        missing.removeAll(found);
        if (!missing.isEmpty()) lost.add(missing.size() + " accepted pushes missing from GET /api/alerts: " + missing);
    }

    /** A push that waited past the stall bound must have seen /readyz answer 503 while it waited. */
    private void honestHealth(ProcessBystanders b, List<Push> ps, long now) {
        for (Push p : ps) {
            long waited = p.waitedMs(now);
            if (waited < STALL_MS) continue;
            long from = p.sent + 5_000_000_000L;
            long to = p.sent + waited * 1_000_000;
            List<Poll> during = inWindow(b.readyz, from, to);
            if (during.stream().noneMatch(x -> x.status() == 503)) {
                health.add("push " + p.n + " waited " + ms(Math.min(waited, ProcessBystanders.CAP.toMillis()))
                        + " while /readyz answered " + (during.isEmpty() ? "nothing" : summary(during)));
            }
        }
    }

    private static List<Poll> inWindow(List<Poll> polls, long start, long end) {
        synchronized (polls) {
            return polls.stream()
                    .filter(p -> p.started() >= start && p.started() <= end)
                    .toList();
        }
    }

    /** "200×12 503×3": the answers seen, by status (none: no answer within the cap). */
    static String summary(List<Poll> polls) {
        if (polls.isEmpty()) return "-";
        Map<String, Integer> n = new TreeMap<>();
        for (Poll p : polls) n.merge(status(p.status()), 1, Integer::sum);
        StringBuilder b = new StringBuilder();
        n.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : " ").append(k).append('×').append(v));
        return b.toString();
    }

    private static String status(int s) {
        return s == -1 ? "none" : s == -2 ? "failed" : Integer.toString(s);
    }

    /** "412 ms", "3.5 s", "10 s+" (at the cap). */
    static String ms(long ms) {
        if (ms >= ProcessBystanders.CAP.toMillis()) return "10 s+";
        return ms < 1_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }
}
