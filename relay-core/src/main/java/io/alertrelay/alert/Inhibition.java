package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps every alert's {@code inhibitedBy} true to the inhibition rules, after each operation of the alert state.
 * Only firing alerts are inhibited, and only firing alerts inhibit (silenced or inhibited ones too, as in
 * Alertmanager).
 *
 * <p>Each rule indexes its firing sources and its targets by the values of their {@code equal} labels, so a
 * change costs the alerts it can affect, not every alert: a source that starts or stops firing re-judges the
 * targets with its values, a changed target looks up the sources with its values. A pusher who sends thousands of
 * source alerts pays for the targets each one inhibits, never for all alerts per push. After a restore, or a change
 * another node decided, the next operation rebuilds the indexes in one pass.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class Inhibition {

    /**
     * One rule's indexes: fingerprints by the values of its {@code equal} labels, and each target's values (to
     * forget it when it is dropped).
     */
    private record Index(
            Map<List<String>, Set<String>> sources,
            Map<List<String>, Set<String>> targets,
            Map<String, List<String>> targetKeys) {
        Index() {
            this(new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
    }

    private final List<InhibitRule> rules;
    private final AlertBook alerts;
    /** One per rule; null when a full pass is due. */
    private List<Index> indexes;

    Inhibition(List<InhibitRule> rules, AlertBook alerts) {
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
    }

    /** The state was replaced, changed from elsewhere, or a step undone: the next call rebuilds the indexes. */
    void invalidate() {
        indexes = null;
    }

    /**
     * {@code changes}, with the alerts whose {@code inhibitedBy} they changed (an alert changed twice appears
     * once, at its first place, with its last value).
     */
    List<Change> apply(List<Change> changes, Instant now) {
        if (rules.isEmpty()) return changes;
        List<Change> out = new ArrayList<>(changes);
        Set<String> toJudge = new LinkedHashSet<>();
        if (indexes == null) {
            indexes = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) indexes.add(new Index());
            for (Alert a : alerts.values()) {
                index(a, toJudge);
                toJudge.add(a.fingerprint());
            }
        } else {
            for (Change c : changes) {
                if (c instanceof AlertChanged a) {
                    index(alerts.get(a.alert().fingerprint()), toJudge);
                    toJudge.add(a.alert().fingerprint());
                }
            }
        }
        for (String fp : toJudge) judge(alerts.get(fp), now, out);
        return out.size() == changes.size() ? changes : latestOfEach(out);
    }

    /** Files {@code a} under each rule; a source that started or stopped firing adds its targets to re-judge. */
    private void index(Alert a, Set<String> toJudge) {
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule r = rules.get(i);
            Index idx = indexes.get(i);
            List<String> key = key(r, a);
            if (r.isTarget(a.labels()) && idx.targetKeys().put(a.fingerprint(), key) == null) {
                idx.targets().computeIfAbsent(key, k -> new LinkedHashSet<>()).add(a.fingerprint());
            }
            if (!r.isSource(a.labels())) continue;
            boolean changed = a.firing()
                    ? idx.sources().computeIfAbsent(key, k -> new TreeSet<>()).add(a.fingerprint())
                    : removeFrom(idx.sources(), key, a.fingerprint());
            if (changed) toJudge.addAll(idx.targets().getOrDefault(key, Set.of()));
        }
    }

    /** Alerts dropped after their retention (resolved, so no source): out of the target indexes. */
    void forget(List<String> fingerprints) {
        if (indexes == null) return;
        for (Index idx : indexes) {
            for (String fp : fingerprints) {
                List<String> key = idx.targetKeys().remove(fp);
                if (key != null) removeFrom(idx.targets(), key, fp);
            }
        }
    }

    private void judge(Alert a, Instant now, List<Change> out) {
        if (a == null) return;
        List<String> by = inhibitors(a);
        if (!by.equals(a.inhibitedBy())) out.addAll(alerts.put(a, a.withInhibitedBy(by), now));
    }

    /** The fingerprints of the firing alerts that inhibit {@code target}, sorted. */
    private List<String> inhibitors(Alert target) {
        if (!target.firing()) return List.of();
        TreeSet<String> by = new TreeSet<>();
        for (int i = 0; i < rules.size(); i++) {
            InhibitRule r = rules.get(i);
            if (!r.isTarget(target.labels())) continue;
            for (String fp : indexes.get(i).sources().getOrDefault(key(r, target), Set.of())) {
                Alert s = alerts.get(fp);
                if (s != null && s.firing() && r.inhibits(s, target)) by.add(fp);
            }
        }
        return List.copyOf(by);
    }

    private static List<String> key(InhibitRule r, Alert a) {
        List<String> values = new ArrayList<>(r.equal().size());
        for (String name : r.equal()) values.add(a.labels().getOrDefault(name, ""));
        return values;
    }

    private static boolean removeFrom(Map<List<String>, Set<String>> index, List<String> key, String fp) {
        Set<String> at = index.get(key);
        if (at == null || !at.remove(fp)) return false;
        if (at.isEmpty()) index.remove(key);
        return true;
    }

    private static List<Change> latestOfEach(List<Change> changes) {
        Map<Object, Change> byKey = new LinkedHashMap<>();
        for (Change c : changes) {
            Object key = c instanceof AlertChanged a ? a.alert().fingerprint() : c;
            byKey.put(key, c); // replaces the value, keeps the first position
        }
        return List.copyOf(byKey.values());
    }
}
