package io.alertrelay.hostile;

import io.alertrelay.hostile.ProcessBystanders.Push;
import io.alertrelay.testing.Frames;
import io.alertrelay.testing.TestRelay;
import io.alertrelay.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DynamicNode;

/**
 * Subscribe filters whose regex backtracks exponentially (issue 12, item 1): {@code nolabel=~"(?:|)…(?:|)a"} with
 * N empty groups, matched against "" because the label is absent, reads no character, so today's read budget never
 * trips, and it runs under the pipeline's lock on every change: 26 groups cost every push seconds, 30 a minute.
 * Also nested empty groups and the classic shapes ({@code (a|)*}, {@code (A+)+B}, {@code (.*a){12}}) on the
 * bystanders' own label values. The fix's contract: these are legal RE2 and simply match correctly, at no cost.
 *
 * <p>Each bomb follows {@code phase="<this attack>"}, so it is evaluated for this attack's bystander pushes, not once
 * per alert the relay holds at subscribe time (today that alone would stall the relay for many minutes). The
 * empty-group family runs smallest first; once a bystander has waited the cap for one, the bigger ones are not run.
 */
final class RegexBombAttack {

    static final Duration HOLD = Duration.ofSeconds(3);

    private RegexBombAttack() {}

    static String emptyGroups(int n) {
        return "(?:|)".repeat(n) + "a";
    }

    static String nestedEmptyGroups(int pairs) {
        return "(?:(?:|)(?:|))".repeat(pairs) + "a";
    }

    static List<DynamicNode> run(HostileRelay relay) {
        Map<String, String> family = new LinkedHashMap<>();
        family.put("26 empty groups", emptyGroups(26));
        family.put("28 empty groups", emptyGroups(28));
        family.put("30 empty groups", emptyGroups(30));
        family.put("nested empty groups (13 pairs)", nestedEmptyGroups(13));
        List<DynamicNode> out = new ArrayList<>();
        String stalledBy = null;
        for (Map.Entry<String, String> bomb : family.entrySet()) {
            String name = "regex: subscribe, " + bomb.getKey() + ", absent label";
            if (stalledBy != null) {
                out.add(relay.skipped(
                        name,
                        "not run: \"" + stalledBy + "\" already made a bystander wait the"
                                + " 10 s cap, and a bigger one only stalls the relay longer"));
                continue;
            }
            out.add(relay.attack(name, a -> emptyGroupBomb(a, relay, bomb.getValue())));
            if (relay.lastAttackReachedCap()) stalledBy = name;
        }
        out.add(shapes(relay));
        return out;
    }

    /** Two viewers: {@code =~} must get none of the attack's pushes ("" is not "a"), {@code !~} every one of them. */
    private static void emptyGroupBomb(Attack a, HostileRelay relay, String bomb) throws Exception {
        Map<String, Boolean> filters = new LinkedHashMap<>();
        filters.put("nolabel=~\"" + bomb + "\"", false);
        filters.put("nolabel!~\"" + bomb + "\"", true);
        a.size("2 viewers subscribed to phase=\"" + a.phase + "\" and nolabel=~ / !~ \"" + shorten(bomb) + "\"");
        subscribeAndCheck(a, relay, filters);
    }

    /** The classic backtracking shapes, on the label values every bystander alert carries. */
    private static DynamicNode shapes(HostileRelay relay) {
        return relay.attack("regex: subscribe, (a|)*, (A+)+B and (.*a){12} shapes", a -> {
            Map<String, Boolean> filters = new LinkedHashMap<>(); // filter -> matches every bystander alert
            filters.put("probe=~\"(a|)*b\"", false);
            filters.put("probe!~\"(a|)*b\"", true);
            filters.put("probe=~\"((a|)*)*!\"", true);
            filters.put("probe!~\"(a|)*(a|)*(a|)*(a|)*b\"", true);
            filters.put("upper=~\"(A+)+B\"", false);
            filters.put("upper!~\"(A+)+B\"", true);
            filters.put("probe=~\"(.*a){12}\"", false);
            filters.put("probe!~\"(.*a){12}\"", true);
            filters.put("probe=~\"(.*a){12}!\"", true);
            a.size(filters.size() + " viewers, each phase=\"" + a.phase + "\" and one of "
                    + String.join(", ", filters.keySet()) + " (probe=\"a×40!\", upper=\"A×30\")");
            subscribeAndCheck(a, relay, filters);
        });
    }

    /**
     * Subscribes one viewer per filter, holds while the bystanders push, then checks that each viewer got exactly
     * the attack's accepted pushes (filter matches them) or none of them.
     */
    private static void subscribeAndCheck(Attack a, HostileRelay relay, Map<String, Boolean> filters) {
        Map<String, WsTestClient> viewers = new LinkedHashMap<>();
        try {
            for (String filter : filters.keySet()) {
                WsTestClient c = Viewers.open(relay, TestRelay.VIEWER);
                viewers.put(filter, c);
                c.send(Frames.subscribe("phase=\"" + a.phase + "\"", filter));
                String answer = Viewers.answer(Viewers.first(c, ProcessBystanders.CAP, "snapshot", "error"));
                a.outcome("subscribe: " + answer);
                a.contract.assertThat(answer).as("subscribe with %s", filter).isEqualTo("snapshot");
                if (a.stalled()) return;
            }
            a.hold(HOLD);
            ProcessBystanders b = relay.bystanders();
            Set<Integer> accepted = b.pushes(a.phase).stream()
                    .filter(Push::accepted)
                    .map(p -> p.n)
                    .collect(Collectors.toSet());
            Attack.within(
                    Duration.ofSeconds(2),
                    () -> viewers.entrySet().stream()
                            .allMatch(e -> !filters.get(e.getKey())
                                    || Viewers.bystanderAlerts(e.getValue(), b.run, a.phase)
                                            .containsAll(accepted)));
            for (Map.Entry<String, WsTestClient> e : viewers.entrySet()) {
                Set<Integer> got = Viewers.bystanderAlerts(e.getValue(), b.run, a.phase);
                if (filters.get(e.getKey())) {
                    a.contract
                            .assertThat(got)
                            .as(
                                    "pushes of this attack that the viewer with %s received (it matches"
                                            + " all %d accepted)",
                                    e.getKey(), accepted.size())
                            .containsAll(accepted);
                } else {
                    a.contract
                            .assertThat(got)
                            .as("pushes of this attack that the viewer with %s received (it matches none)", e.getKey())
                            .isEmpty();
                }
            }
        } finally {
            viewers.values().forEach(WsTestClient::close);
        }
    }

    static String shorten(String regex) {
        return regex.length() <= 40
                ? regex
                : regex.substring(0, 20) + "…" + regex.substring(regex.length() - 12) + " (" + regex.length()
                        + " chars)";
    }
}
