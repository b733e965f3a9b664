package io.alertrelay.alert;

import io.alertrelay.alert.Change.AlertChanged;
import io.alertrelay.alert.Change.SilenceChanged;
import java.time.Instant;

/**
 * What another node of a cluster decided, taken into this node's {@link AlertState} as it is: nothing is
 * recomputed and no change is returned, since the deciding node already told the clients. The one liberty taken
 * is with expiries, which only move on, because a writer may not yet have heard of a re-send to a neighbour.
 *
 * <p>Not thread-safe: used only by its {@link AlertState}, under the same serialisation.
 */
final class SharedChanges {

    private final AlertBook alerts;
    private final SilenceBook silences;

    SharedChanges(AlertBook alerts, SilenceBook silences) {
        this.alerts = alerts;
        this.silences = silences;
    }

    /** See {@link AlertState#applyShared}. */
    void apply(Change change) {
        if (change instanceof AlertChanged a) {
            alerts.keep(keepingLaterExpiry(alerts.get(a.alert().fingerprint()), a.alert()));
        } else if (change instanceof SilenceChanged s) {
            silences.put(s.silence());
        }
    }

    /** See {@link AlertState#extendExpiry}. */
    void extendExpiry(String fingerprint, Instant expiresAt) {
        Alert a = alerts.get(fingerprint);
        if (a == null || !a.firing() || a.expiresAt() != null && !expiresAt.isAfter(a.expiresAt())) return;
        alerts.keep(a.withExpiresAt(expiresAt));
    }

    /**
     * {@code in} as another node wrote it, keeping {@code mine}'s expiry when that is later within the same firing
     * episode: the writer may not have heard of a re-send elsewhere yet, and an expiry only moves on.
     */
    private static Alert keepingLaterExpiry(Alert mine, Alert in) {
        boolean sameEpisode =
                mine != null && mine.firing() && in.firing() && mine.startsAt().equals(in.startsAt());
        boolean mineLater = sameEpisode
                && mine.expiresAt() != null
                && (in.expiresAt() == null || mine.expiresAt().isAfter(in.expiresAt()));
        return mineLater ? in.withExpiresAt(mine.expiresAt()) : in;
    }
}
