package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keeps every alert's {@code inhibitedBy} true to the inhibition rules, after each operation of the alert state.
 * Only firing alerts are inhibited, and only firing alerts inhibit (silenced or inhibited ones too, as in
 * Alertmanager). When a change touches an alert on a source side, every alert is judged again (one pass); any
 * other change judges only the alerts it changed, against the sources found at the last full pass.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class Inhibition {

    private final List<InhibitRule> rules;
    private final AlertBook alerts;
    /** The firing source alerts of each rule, as of the last full pass; null when a full pass is due. */
    private List<List<Alert>> sources;

    Inhibition(List<InhibitRule> rules, AlertBook alerts) {
        this.rules = List.copyOf(rules);
        this.alerts = alerts;
    }

    /** The state was replaced or changed from elsewhere (restore, another node): the next call judges all. */
    void invalidate() {
        sources = null;
    }

    /** Forgets what the last full pass found when a step is undone. */
    void rollback() {
        sources = null;
    }

    /**
     * {@code changes}, with the alerts whose {@code inhibitedBy} they changed (an alert changed twice appears
     * once, at its first place, with its last value).
     */
    List<Change> apply(List<Change> changes, Instant now) {
        if (rules.isEmpty()) return changes;
        boolean all = sources == null;
        for (Change c : changes) {
            if (c instanceof AlertChanged a && onSourceSide(a.alert())) all = true;
        }
        List<Change> out = new ArrayList<>(changes);
        if (all) {
            sources = findSources();
            for (Alert a : alerts.values()) judge(a, now, out);
        } else {
            for (Change c : changes) {
                if (c instanceof AlertChanged a) judge(alerts.get(a.alert().fingerprint()), now, out);
            }
        }
        return out.size() == changes.size() ? changes : latestOfEach(out);
    }

    private void judge(Alert a, Instant now, List<Change> out) {
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
            for (Alert s : sources.get(i)) {
                if (r.inhibits(s, target)) by.add(s.fingerprint());
            }
        }
        return List.copyOf(by);
    }

    private boolean onSourceSide(Alert a) {
        for (InhibitRule r : rules) {
            if (r.isSource(a.labels())) return true;
        }
        return false;
    }

    private List<List<Alert>> findSources() {
        List<List<Alert>> found = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) found.add(new ArrayList<>());
        for (Alert a : alerts.values()) {
            if (!a.firing()) continue;
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).isSource(a.labels())) found.get(i).add(a);
            }
        }
        return found;
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
