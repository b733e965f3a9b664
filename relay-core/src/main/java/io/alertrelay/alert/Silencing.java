package io.alertrelay.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Which silences apply to a label set, and what status a silence has at a given time. Kept apart from
 * {@link AlertState} so the rule ("active, and every matcher matches the labels, a missing label counting as
 * empty") lives in one small place that tests and the store can share.
 */
final class Silencing {

    private Silencing() {}

    /**
     * Ids of the {@link Silence.Status#ACTIVE} silences whose matchers all match {@code labels}, sorted so that
     * equal sets compare equal. Cost: every matcher of every active silence, once.
     */
    static List<String> silencedBy(Map<String, String> labels, Collection<Silence> silences) {
        List<String> ids = new ArrayList<>();
        for (Silence s : silences) {
            if (s.status() == Silence.Status.ACTIVE && matches(s, labels)) ids.add(s.id());
        }
        Collections.sort(ids);
        return ids;
    }

    /** Whether every matcher of the silence matches the labels ({@link AlertFilter#matches(Map)} semantics). */
    static boolean matches(Silence silence, Map<String, String> labels) {
        for (Matcher m : silence.matchers()) {
            if (!m.matches(labels.get(m.name()))) return false;
        }
        return true;
    }

    /**
     * The status the silence should have at {@code now}: an expired silence stays expired (an operator may have
     * ended it early); otherwise it is expired from its endsAt, active from its startsAt, pending before.
     */
    static Silence.Status statusAt(Silence silence, Instant now) {
        if (silence.status() == Silence.Status.EXPIRED || !silence.endsAt().isAfter(now)) {
            return Silence.Status.EXPIRED;
        }
        return silence.startsAt().isAfter(now) ? Silence.Status.PENDING : Silence.Status.ACTIVE;
    }
}
